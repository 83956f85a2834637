package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config file is watched: good versions replace the running config, bad ones are refused. */
class ConfigReloadTest {

    private static final String CONFIG = """
            auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
            server: { config_poll_interval: 50ms }
            providers:
              a: { type: openai, base_url: "${sim0}" }
            models:
              - name: chat
                deployments: [{ provider: a, model: m }]
            """;

    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void aChangedFileIsAppliedWithoutARestart() {
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, GatewayFixture.simulator())) {
            assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat-2")).statusCode()).isEqualTo(404);

            fixture.rewriteConfig(CONFIG + """
                      - name: chat-2
                        deployments: [{ provider: a, model: m2 }]
                    """);

            assertThat(GatewayFixture.eventually(Duration.ofSeconds(5),
                    () -> fixture.post("/v1/chat/completions", CHAT.formatted("chat-2")).statusCode() == 200)).isTrue();
        }
    }

    @Test
    void aChangedToolPolicyAppliesToTheNextRequest() {
        String withTool = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"run_shell\"}}]}";
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, GatewayFixture.simulator())) {
            assertThat(fixture.post("/v1/chat/completions", withTool).statusCode()).isEqualTo(200);

            fixture.rewriteConfig(CONFIG + "tools: { deny: [run_*] }\n");

            assertThat(GatewayFixture.eventually(Duration.ofSeconds(5),
                    () -> fixture.post("/v1/chat/completions", withTool).body().contains("tool_not_allowed"))).isTrue();
        }
    }

    @Test
    void anInvalidFileIsRejectedWithItsLineAndTheOldConfigStays() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(ConfigWatcher.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, GatewayFixture.simulator())) {
            fixture.rewriteConfig(CONFIG.replace("model: m }", "model: m, weight: -3 }"));

            assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> !logged.isEmpty())).isTrue();
            assertThat(logged.get(0)).contains("switchboard.yaml:7: models[0].deployments[0].weight: must be between 0");
            assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat")).statusCode()).isEqualTo(200);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void aRequestInFlightFinishesOnTheConfigItStartedWith() throws Exception {
        Simulator slow = GatewayFixture.simulator(SimulatorConfig.builder().tokensPerSecond(40).responseTokens(40));
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, slow)) {
            CompletableFuture<HttpResponse<String>> stream = CompletableFuture.supplyAsync(() -> fixture.post(
                    "/v1/chat/completions", CHAT.formatted("chat").replace("{\"model\"", "{\"stream\":true,\"model\"")));
            assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> slow.stats().streamsStarted() == 1)).isTrue();

            fixture.rewriteConfig(CONFIG.replace("name: chat", "name: renamed"));
            assertThat(GatewayFixture.eventually(Duration.ofSeconds(5),
                    () -> fixture.post("/v1/chat/completions", CHAT.formatted("renamed")).statusCode() == 200)).isTrue();

            HttpResponse<String> finished = stream.get();
            assertThat(finished.statusCode()).isEqualTo(200);
            assertThat(finished.body()).endsWith("data: [DONE]\n\n");
            assertThat(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/models"))
                    .header("authorization", "Bearer " + GatewayFixture.KEY).build()).body()).contains("renamed")
                    .doesNotContain("\"chat\"");
        }
    }
}
