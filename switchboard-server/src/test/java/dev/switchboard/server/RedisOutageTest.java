package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** With Redis unreachable, limits follow redis.on_failure, and requests never hang on it. */
class RedisOutageTest {

    private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void rejectPolicyAnswers503ForKeysWithLimits() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(config("reject"), GatewayFixture.simulator())) {
            fixture.createTenant("{\"name\": \"acme\"}");
            String limited = fixture.createKey("{\"tenant\": \"acme\", \"rpm\": 100}");
            String unlimited = fixture.createKey("{\"tenant\": \"acme\"}");

            assertError(fixture.post("/v1/chat/completions", CHAT, limited), 503, "server_error", "limits_unavailable", null);
            assertThat(fixture.post("/v1/chat/completions", CHAT, unlimited).statusCode())
                    .as("a key without limits needs no counters").isEqualTo(200);
        }
    }

    @Test
    void localPolicyKeepsLimitingOnThisReplicaAlone() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start(config("local"), GatewayFixture.simulator())) {
            fixture.createTenant("{\"name\": \"acme\"}");
            String key = fixture.createKey("{\"tenant\": \"acme\", \"rpm\": 2}");

            assertThat(fixture.post("/v1/chat/completions", CHAT, key).statusCode()).isEqualTo(200);
            assertThat(fixture.post("/v1/chat/completions", CHAT, key).statusCode()).isEqualTo(200);
            assertThat(fixture.post("/v1/chat/completions", CHAT, key).statusCode()).isEqualTo(429);
        }
    }

    private static String config(String policy) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return """
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                redis: { url: "redis://127.0.0.1:%d", timeout: 100ms, on_failure: %s }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """.formatted(closedPort, policy);
    }
}
