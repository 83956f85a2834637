package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load shedding end to end. A scheduling-delay maximum of 1 µs is always exceeded (a sleeping
 * thread wakes tens of microseconds late at best), so the gateway behaves as if overloaded.
 */
class LoadSheddingTest {

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                server:
                  max_scheduling_delay: 1us
                providers:
                  vllm: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: vllm, model: m }]
                """, GatewayFixture.simulator());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void anOverloadedGatewayRefusesModelRequestsWith503AndRetryAfter() {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        boolean shed = GatewayFixture.eventually(Duration.ofSeconds(10), () -> {
            last.set(fixture.send(chat()));
            return last.get().statusCode() == 503;
        });

        assertThat(shed).as("a request was shed").isTrue();
        HttpResponse<String> response = last.get();
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode error = ErrorResponsesTest.json(response).get("error");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(error.get("code").asText()).isEqualTo("server_overloaded");
        assertThat(error.get("message").asText()).contains("overloaded");
    }

    @Test
    void healthAndMetricsStayAvailableAndCountTheShedRequests() {
        GatewayFixture.eventually(Duration.ofSeconds(10), () -> fixture.send(chat()).statusCode() == 503);

        HttpResponse<String> health = fixture.send(HttpRequest.newBuilder(fixture.uri("/health")).build());
        assertThat(health.statusCode()).isEqualTo(200);
        String metrics = fixture.send(HttpRequest.newBuilder(fixture.uri("/metrics")).build()).body();
        assertThat(PrometheusText.parse(metrics).sum("switchboard_requests_shed_total", java.util.Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(PrometheusText.parse(metrics).sum("switchboard_scheduling_delay_seconds", java.util.Map.of())).isGreaterThan(0);
        assertThat(PrometheusText.parse(metrics).sum("switchboard_requests_total", java.util.Map.of("tenant", "_anonymous",
                "route", "/v1/chat/completions", "status", "503"))).isGreaterThanOrEqualTo(1);
    }

    private static HttpRequest chat() {
        return HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + GatewayFixture.KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }
}
