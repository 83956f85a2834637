package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-key and per-tenant RPM, TPM and concurrency limits, with OpenAI's headers. */
class RateLimitsTest {

    private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

    private Simulator slow;
    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        slow = GatewayFixture.simulator(SimulatorConfig.builder());
        fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, slow);
        fixture.createTenant("{\"name\": \"acme\"}");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void requestsOverTheKeysRpmGet429WithRateLimitHeaders() {
        String key = fixture.createKey("{\"tenant\": \"acme\", \"rpm\": 3}");

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> ok = fixture.post("/v1/chat/completions", CHAT.formatted("hi"), key);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).hasValue(Integer.toString(2 - i));
        }
        HttpResponse<String> limited = fixture.post("/v1/chat/completions", CHAT.formatted("hi"), key);

        assertError(limited, 429, "requests", "rate_limit_exceeded", null);
        assertThat(ErrorResponsesTest.message(limited)).contains("requests per minute (RPM): limit 3");
        assertThat(limited.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(limited.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
        assertThat(Integer.parseInt(limited.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 20);
        assertThat(slow.stats().chatRequests()).as("the refused request never went upstream").isEqualTo(3);
    }

    @Test
    void aTenantsRpmHoldsAcrossAllItsKeys() {
        fixture.admin("PATCH", "/admin/tenants/acme", "{\"rpm\": 4}");
        String first = fixture.createKey("{\"tenant\": \"acme\"}");
        String second = fixture.createKey("{\"tenant\": \"acme\"}");

        int ok = 0;
        for (int i = 0; i < 10; i++) {
            if (fixture.post("/v1/chat/completions", CHAT.formatted("hi"), i % 2 == 0 ? first : second).statusCode() == 200) {
                ok++;
            }
        }

        assertThat(ok).isEqualTo(4);
        assertThat(ErrorResponsesTest.message(fixture.post("/v1/chat/completions", CHAT.formatted("hi"), first)))
                .contains("tenant 'acme'");
    }

    @Test
    void tokensPerMinuteCountTheEstimatedInput() {
        String key = fixture.createKey("{\"tenant\": \"acme\", \"tpm\": 200}");
        String longPrompt = "lorem ipsum dolor sit amet ".repeat(100);

        HttpResponse<String> tooLong = fixture.post("/v1/chat/completions", CHAT.formatted(longPrompt), key);

        assertError(tooLong, 429, "tokens", "rate_limit_exceeded", null);
        assertThat(ErrorResponsesTest.message(tooLong)).contains("more than key").contains("limit of 200 tokens");
        HttpResponse<String> small = fixture.post("/v1/chat/completions", CHAT.formatted("hi"), key);
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("200");
    }

    @Test
    void concurrentRequestsOverTheLimitGet429UntilOneEnds() {
        slow.configure(slow.config().toBuilder().tokensPerSecond(20).responseTokens(20).build());
        String key = fixture.createKey("{\"tenant\": \"acme\", \"max_concurrent\": 1}");
        CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(() -> fixture.post(
                "/v1/chat/completions", CHAT.formatted("hi").replace("{\"model\"", "{\"stream\":true,\"model\""), key));
        assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> slow.stats().streamsStarted() == 1)).isTrue();

        HttpResponse<String> second = fixture.post("/v1/chat/completions", CHAT.formatted("hi"), key);

        assertError(second, 429, "requests", "concurrency_limit_exceeded", null);
        assertThat(running.join().body()).endsWith("data: [DONE]\n\n");
        assertThat(GatewayFixture.eventually(Duration.ofSeconds(5),
                () -> fixture.post("/v1/chat/completions", CHAT.formatted("hi"), key).statusCode() == 200)).isTrue();
    }

    @Test
    void theMasterKeyIsNotLimited() {
        fixture.admin("PATCH", "/admin/tenants/acme", "{\"rpm\": 1}");
        for (int i = 0; i < 5; i++) {
            assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("hi")).statusCode()).isEqualTo(200);
        }
    }
}
