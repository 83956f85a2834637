package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.sim.Simulator;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code scripts/test}
 * installs) scrapes a real gateway: the target is healthy — the exposition parses — and PromQL
 * over the scraped series gives the gateway's counts. Skipped where no {@code prometheus} binary
 * is on the PATH.
 */
class PrometheusServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aPrometheusServerScrapesTheGatewayAndQueriesItsSeries() throws Exception {
        Path binary = onPath("prometheus");
        assumeTrue(binary != null, "no prometheus binary on the PATH (apt-get install prometheus)");
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, sim)) {
            for (int i = 0; i < 3; i++) {
                assertThat(fixture.post("/v1/chat/completions",
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode())
                        .isEqualTo(200);
            }
            Path dir = fixture.dir.resolve("prometheus");
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: { scrape_interval: 1s, evaluation_interval: 1s }
                    scrape_configs:
                      - job_name: switchboard
                        metrics_path: /metrics
                        static_configs: [{ targets: ["127.0.0.1:%d"] }]
                    """.formatted(fixture.gateway.port()));
            int port = freePort();
            Process prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/";
                AtomicReference<JsonNode> requests = new AtomicReference<>();
                boolean scraped = GatewayFixture.eventually(Duration.ofSeconds(60), () -> {
                    JsonNode result = query(api, "sum(switchboard_requests_total{model=\"chat\",status=\"200\"})");
                    requests.set(result);
                    return result != null && result.size() == 1;
                });
                assertThat(scraped).as("Prometheus scraped the gateway; its log: %s",
                        Files.exists(dir.resolve("prometheus.log")) ? Files.readString(dir.resolve("prometheus.log")) : "")
                        .isTrue();
                assertThat(requests.get().get(0).get("value").get(1).asDouble()).isEqualTo(3);

                JsonNode targets = get(api + "targets").get("data").get("activeTargets");
                assertThat(targets).hasSize(1);
                assertThat(targets.get(0).get("health").asText()).as(targets.toString()).isEqualTo("up");
                assertThat(targets.get(0).get("lastError").asText()).isEmpty();

                JsonNode p99 = query(api, "histogram_quantile(0.99, sum by (le) "
                        + "(switchboard_request_duration_seconds_bucket{model=\"chat\"}))");
                assertThat(p99).hasSize(1);
                assertThat(p99.get(0).get("value").get(1).asDouble()).isPositive().isLessThanOrEqualTo(81.92);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** The result vector of an instant query, or null when Prometheus does not answer (yet). */
    private static JsonNode query(String api, String promql) {
        JsonNode answer = get(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return answer == null ? null : answer.path("data").path("result");
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : null;
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
