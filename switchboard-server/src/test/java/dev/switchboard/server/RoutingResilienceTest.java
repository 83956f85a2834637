package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.assertError;
import static dev.switchboard.server.ErrorResponsesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retries, fallbacks, circuit breaking, timeouts and stream failures, against real simulators. */
class RoutingResilienceTest {

    private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"chat\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    /** Two deployments; the weights make the first one the balancer's first choice. */
    private static final String TWO_DEPLOYMENTS = """
            auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
            providers:
              a: { type: openai, base_url: "${sim0}" }
              b: { type: openai, base_url: "${sim1}" }
            models:
              - name: chat
                deployments:
                  - { provider: a, model: m, weight: 1000 }
                  - { provider: b, model: m, weight: 1 }
            """;

    @Test
    void fallsBackToSecondDeploymentWhenFirstReturns503() {
        Simulator a = GatewayFixture.simulator();
        Simulator b = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(TWO_DEPLOYMENTS, a, b)) {
            a.failNext(1, 503);

            HttpResponse<String> response = fixture.post("/v1/chat/completions", CHAT);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-switchboard-deployment")).hasValue("b/m");
            assertThat(response.headers().firstValue("x-switchboard-attempts")).hasValue("2");
            assertThat(a.stats().chatRequests()).isEqualTo(1);
            assertThat(fixture.sleeps).as("a fresh deployment is tried without waiting").isEmpty();
        }
    }

    @Test
    void fallsBackToTheNextModelWhenEveryAttemptFails() {
        Simulator a = GatewayFixture.simulator();
        Simulator b = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                routing: { retries: 1, retry_backoff: 10ms, circuit_breaker: { failure_threshold: 0 } }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                  b: { type: openai, base_url: "${sim1}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: small }]
                    fallbacks: [chat-large]
                  - name: chat-large
                    deployments: [{ provider: b, model: large }]
                """, a, b)) {
            a.failNext(2, 500);

            HttpResponse<String> response = fixture.post("/v1/chat/completions", CHAT);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-switchboard-deployment")).hasValue("b/large");
            assertThat(response.headers().firstValue("x-switchboard-attempts")).hasValue("3");
            assertThat(b.lastRequestBody().get("model").asText()).isEqualTo("large");
            assertThat(fixture.sleeps).hasSize(1);
        }
    }

    @Test
    void waitsForRetryAfterBeforeRetryingARateLimitedDeployment() {
        Simulator a = GatewayFixture.simulator(SimulatorConfig.builder().retryAfter(Duration.ofSeconds(1)));
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                routing: { circuit_breaker: { failure_threshold: 0 } }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, a)) {
            a.failNext(1, 429);

            HttpResponse<String> response = fixture.post("/v1/chat/completions", CHAT);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-switchboard-attempts")).hasValue("2");
            assertThat(fixture.sleeps).hasSize(1);
            assertThat(fixture.sleeps.get(0)).as("the rest of the 1 s retry-after")
                    .isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
        }
    }

    @Test
    void passesRateLimitingOnWithRetryAfterWhenRetriesRunOut() {
        Simulator a = GatewayFixture.simulator(SimulatorConfig.builder().retryAfter(Duration.ofSeconds(30)));
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, a)) {
            a.failNext(1, 429);

            HttpResponse<String> response = fixture.post("/v1/chat/completions", CHAT);

            assertError(response, 429, "rate_limit_error", "rate_limit_exceeded", null);
            assertThat(response.headers().firstValue("retry-after")).hasValue("30");
            assertThat(fixture.sleeps).as("30 s is above max_retry_after: not waited for").isEmpty();
            assertThat(a.stats().chatRequests()).isEqualTo(1);
        }
    }

    @Test
    void circuitBreakerStopsTrafficToAFailingDeploymentAndProbesItBackIn() {
        Simulator a = GatewayFixture.simulator();
        Simulator b = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(TWO_DEPLOYMENTS + """
                routing: { circuit_breaker: { failure_threshold: 2, cooldown: 400ms } }
                """, a, b)) {
            a.failNext(3, 503);

            for (int i = 0; i < 6; i++) {
                assertThat(fixture.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
            }
            assertThat(a.stats().chatRequests()).as("open after 2 failures: no more traffic").isEqualTo(2);

            assertThat(GatewayFixture.eventually(Duration.ofSeconds(3), () -> {
                fixture.post("/v1/chat/completions", CHAT);
                return a.stats().chatRequests() == 3;
            })).as("one probe after the cooldown").isTrue();
            fixture.post("/v1/chat/completions", CHAT);
            assertThat(a.stats().chatRequests()).as("the failed probe reopened the circuit").isEqualTo(3);

            assertThat(GatewayFixture.eventually(Duration.ofSeconds(3), () -> {
                fixture.post("/v1/chat/completions", CHAT);
                return a.stats().chatRequests() >= 5;
            })).as("a successful probe closes the circuit and traffic returns").isTrue();
            assertThat(fixture.output()).doesNotContain(GatewayFixture.KEY);
        }
    }

    @Test
    void streamFallsBackWhenTheFirstDeploymentFailsBeforeTheFirstByte() {
        Simulator a = GatewayFixture.simulator();
        Simulator b = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(TWO_DEPLOYMENTS, a, b)) {
            a.failNext(1, 500);

            StringBuilder text = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = fixture.client().chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("chat").addUserMessage("hi").build())) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
            }

            assertThat(text.toString()).startsWith("[simulated]");
            assertThat(b.stats().streamsCompleted()).isEqualTo(1);
        }
    }

    @Test
    void firstTokenTimeoutMovesTheStreamToAnotherDeploymentAndCancelsTheSlowOne() {
        Simulator slow = GatewayFixture.simulator(SimulatorConfig.builder().timeToFirstToken(Duration.ofSeconds(20)));
        Simulator fast = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(TWO_DEPLOYMENTS.replace("models:\n", """
                models:
                """) + """
                    timeouts: { first_token: 300ms }
                """, slow, fast)) {
            HttpResponse<String> response = fixture.post("/v1/chat/completions", STREAM);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).endsWith("data: [DONE]\n\n");
            assertThat(response.headers().firstValue("x-switchboard-deployment")).hasValue("b/m");
            assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> slow.stats().streamsCancelled() == 1))
                    .as("the slow upstream saw its request cancelled").isTrue();
        }
    }

    @Test
    void brokenStreamEndsWithAnErrorEventInsteadOfACleanEnd() {
        Simulator a = GatewayFixture.simulator(SimulatorConfig.builder().responseTokens(40));
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, a)) {
            a.disconnectNext(1);
            HttpResponse<String> raw = fixture.post("/v1/chat/completions", STREAM);

            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.body()).contains("[simulated]").doesNotContain("[DONE]");
            String last = raw.body().strip().lines().reduce((x, y) -> y).orElseThrow();
            assertThat(last).startsWith("data: {\"error\"").contains("\"code\":\"stream_interrupted\"");

            a.disconnectNext(1);
            assertThatThrownBy(() -> {
                try (StreamResponse<ChatCompletionChunk> stream = fixture.client().chat().completions().createStreaming(
                        ChatCompletionCreateParams.builder().model("chat").addUserMessage("hi").build())) {
                    stream.stream().forEach(chunk -> { });
                }
            }).isInstanceOf(SseException.class).hasMessageContaining("interrupted");
        }
    }

    @Test
    void clientDisconnectCancelsTheUpstreamStream() throws Exception {
        Simulator a = GatewayFixture.simulator(SimulatorConfig.builder().tokensPerSecond(20).responseTokens(400));
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, a)) {
            try (Socket socket = new Socket("127.0.0.1", fixture.gateway.port())) {
                byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + GatewayFixture.KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                int events = 0;
                for (String line = in.readLine(); line != null && events < 3; line = in.readLine()) {
                    if (line.startsWith("data: ")) {
                        events++;
                    }
                }
                assertThat(events).isEqualTo(3);
            }

            assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> a.stats().streamsCancelled() == 1))
                    .as("the upstream saw the cancel").isTrue();
            assertThat(a.stats().streamsCompleted()).isZero();
        }
    }

    @Test
    void upstreamRejectionOfTheRequestIsPassedOnWithoutRetries() {
        Simulator a = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, a)) {
            a.failNext(1, 400);

            HttpResponse<String> response = fixture.post("/v1/chat/completions", CHAT);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).at("/error/message").asText()).contains("Simulated HTTP 400");
            assertThat(a.stats().chatRequests()).isEqualTo(1);
        }
    }

    @Test
    void unreachableUpstreamGives502NamingEachAttempt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                routing: { retry_backoff: 10ms }
                providers:
                  dead: { type: openai, base_url: "http://127.0.0.1:%d/v1" }
                models:
                  - name: chat
                    deployments: [{ provider: dead, model: m }]
                """.formatted(closedPort))) {
            HttpResponse<String> response = fixture.post("/v1/chat/completions", CHAT);

            assertError(response, 502, "server_error", "upstream_error", null);
            assertThat(response.headers().firstValue("x-switchboard-attempts")).hasValue("3");
            assertThat(ErrorResponsesTest.message(response)).contains("dead/m: cannot connect");
        }
    }

    @Test
    void totalTimeoutEndsAHungRequestWith504() {
        Simulator a = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                    timeouts: { total: 500ms }
                """, a)) {
            a.hangNext(1);

            HttpResponse<String> response = fixture.post("/v1/chat/completions", CHAT);

            assertError(response, 504, "server_error", "upstream_timeout", null);
            assertThat(fixture.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        }
    }
}
