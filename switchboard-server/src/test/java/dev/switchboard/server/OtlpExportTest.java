package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.sim.Simulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Spans leave over OTLP/HTTP for real: a tiny in-test receiver stands in for the collector and
 * keeps what the gateway posts to {@code /v1/traces}.
 */
class OtlpExportTest {

    /** One export as the receiver got it. */
    private record Export(String path, String contentType, String authorization, byte[] body) {
    }

    @Test
    void spansAreExportedOverOtlpHttpToTheConfiguredCollector() throws IOException {
        List<Export> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            exports.add(new Export(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("content-type"),
                    exchange.getRequestHeaders().getFirst("authorization"), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            exchange.close();
        });
        collector.start();
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                observability:
                  tracing:
                    otlp_endpoint: "http://127.0.0.1:%d"
                    headers: { authorization: "Bearer collector-token" }
                    service_name: gateway-under-test
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """.formatted(collector.getAddress().getPort()), sim)) {
            fixture.client().chat().completions().create(ChatCompletionCreateParams.builder().model("chat")
                    .addUserMessage("hi").putAdditionalHeader("x-request-id", "req-otlp-1").build());
            fixture.stopGateway(); // a clean shutdown exports what is still batched
        } finally {
            collector.stop(0);
        }

        assertThat(exports).isNotEmpty().allSatisfy(export -> {
            assertThat(export.path()).isEqualTo("/v1/traces");
            assertThat(export.contentType()).isEqualTo("application/x-protobuf");
            assertThat(export.authorization()).isEqualTo("Bearer collector-token");
        });
        // protobuf keeps strings as they are: the span names and attributes can be found in the bytes
        String sent = exports.stream().map(export -> new String(export.body(), StandardCharsets.ISO_8859_1))
                .reduce("", String::concat);
        assertThat(sent).contains("gateway-under-test", "POST /v1/chat/completions", "chat m",
                "gen_ai.operation.name", "gen_ai.usage.output_tokens", "req-otlp-1");
    }
}
