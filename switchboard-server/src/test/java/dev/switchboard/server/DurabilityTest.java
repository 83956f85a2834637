package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.sim.Simulator;
import dev.switchboard.store.UsageQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage records survive a clean shutdown entirely, and a crash up to the last flush interval. */
class DurabilityTest {

    private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    @Test
    void aCleanShutdownWritesEveryUsageRecord() throws Exception {
        Simulator upstream = GatewayFixture.simulator();
        GatewayFixture fixture = GatewayFixture.start(dir, config("1h", "${sim0}"), upstream);
        for (int i = 0; i < 7; i++) {
            assertThat(fixture.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        }

        fixture.stopGateway();
        upstream.close();

        assertThat(recordedRequests(dir.resolve("data"))).isEqualTo(7);
    }

    @Test
    void aKilledGatewayLosesNoUsageOlderThanTheFlushInterval() throws Exception {
        try (Simulator upstream = GatewayFixture.simulator()) {
            Files.writeString(dir.resolve("switchboard.yaml"), config("200ms", upstream.baseUrl()));
            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                    "--config", dir.resolve("switchboard.yaml").toString(), "--port", "0",
                    "--data-dir", dir.resolve("data").toString())
                    .redirectErrorStream(true).start();
            gateway.getOutputStream().close();
            try {
                int port = portOf(gateway);
                for (int i = 0; i < 10; i++) {
                    assertThat(post(port)).isEqualTo(200);
                }
                Thread.sleep(1000); // five flush intervals: these ten are written
                for (int i = 0; i < 5; i++) {
                    assertThat(post(port)).isEqualTo(200);
                }
            } finally {
                gateway.destroyForcibly(); // SIGKILL: no shutdown hook runs
                gateway.waitFor(10, TimeUnit.SECONDS);
            }

            assertThat(recordedRequests(dir.resolve("data"))).isBetween(10L, 15L);
        }
    }

    private static String config(String flushInterval, String upstream) {
        return """
                auth: { master_key: "%s" }
                store: { usage_flush_interval: %s }
                providers:
                  a: { type: openai, base_url: "%s" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """.formatted(GatewayFixture.KEY, flushInterval, upstream);
    }

    private static long recordedRequests(Path dataDir) throws Exception {
        SwitchboardConfig defaults = AdminAccess.configLoader(java.util.Map.of()).parse("test", "{}");
        try (AdminAccess access = AdminAccess.open(defaults, dataDir)) {
            return access.usageRepository.aggregate(UsageQuery.all(UsageQuery.GroupBy.NONE)).get(0).requests();
        }
    }

    private static int portOf(Process gateway) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on port (\\d+)");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(ignored -> { })); // keep its pipe drained
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("the gateway exited before listening");
    }

    private static int post(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("authorization", "Bearer " + GatewayFixture.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
