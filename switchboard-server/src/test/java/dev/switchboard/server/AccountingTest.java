package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.assertError;
import static dev.switchboard.server.ErrorResponsesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every token counted and priced exactly, streamed or not; usage reported per day, model and key. */
class AccountingTest {

    static final String CONFIG = """
            auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
            store: { usage_flush_interval: %s }
            providers:
              a: { type: openai, base_url: "${sim0}" }
              quiet: { type: openai, base_url: "${sim0}", stream_usage: false }
            models:
              - name: chat
                deployments: [{ provider: a, model: priced-model }]
              - name: plain
                deployments: [{ provider: quiet, model: priced-model }]
            pricing:
              priced-model: { input: 1.0, cached_input: 0.5, output: 2.0 }
            """;
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Count my tokens\"}]%s}";

    private Simulator upstream;
    private GatewayFixture fixture;
    private String key;

    @BeforeEach
    void start() {
        upstream = GatewayFixture.simulator(SimulatorConfig.builder().responseTokens(10).cachedPromptTokens(3)
                .reasoningTokens(5));
        fixture = GatewayFixture.start(CONFIG.formatted("50ms"), upstream);
        fixture.createTenant("{\"name\": \"acme\"}");
        key = fixture.createKey("{\"tenant\": \"acme\", \"name\": \"billing\"}");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void streamedAndUnstreamedRequestsArePricedExactlyWithCachedAndReasoningTokens() {
        JsonNode usage = json(fixture.post("/v1/chat/completions", CHAT.formatted("chat", ""), key)).get("usage");
        long input = usage.get("prompt_tokens").asLong();
        long cached = usage.at("/prompt_tokens_details/cached_tokens").asLong();
        long output = usage.get("completion_tokens").asLong();
        assertThat(cached).isEqualTo(3);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asLong()).isEqualTo(5);
        assertThat(output).isEqualTo(15);

        String withoutUsage = fixture.post("/v1/chat/completions", CHAT.formatted("chat", ",\"stream\":true"), key).body();
        String withUsage = fixture.post("/v1/chat/completions",
                CHAT.formatted("chat", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), key).body();

        assertThat(withoutUsage).as("the usage chunk the gateway asked for is not passed on").doesNotContain("\"usage\":{")
                .endsWith("data: [DONE]\n\n");
        assertThat(withUsage.split("\"usage\":\\{", -1)).as("exactly one usage chunk").hasSize(2);
        JsonNode total = usageReport("group_by=none").get("total");
        assertThat(total.get("requests").asLong()).isEqualTo(3);
        assertThat(total.get("input_tokens").asLong()).isEqualTo(3 * input);
        assertThat(total.get("cached_input_tokens").asLong()).isEqualTo(3 * cached);
        assertThat(total.get("output_tokens").asLong()).isEqualTo(3 * output);
        assertThat(total.get("reasoning_tokens").asLong()).isEqualTo(3 * 5);
        assertThat(total.get("estimated_requests").asLong()).isZero();
        // $1, $0.5 and $2 per million uncached input, cached input and output tokens
        BigDecimal perRequest = BigDecimal.valueOf((input - cached) * 1_000 + cached * 500 + output * 2_000, 9);
        assertThat(total.get("cost_usd").decimalValue()).isEqualByComparingTo(perRequest.multiply(BigDecimal.valueOf(3)));
    }

    @Test
    void usageIsEstimatedAndMarkedSoWhenTheUpstreamReportsNone() {
        String stream = fixture.post("/v1/chat/completions", CHAT.formatted("plain", ",\"stream\":true"), key).body();
        assertThat(stream).endsWith("data: [DONE]\n\n");

        JsonNode row = usageReport("group_by=model&model=plain").get("data").get(0);
        assertThat(row.get("group").asText()).isEqualTo("plain");
        assertThat(row.get("estimated_requests").asLong()).isEqualTo(1);
        assertThat(row.get("input_tokens").asLong()).isPositive();
        assertThat(row.get("output_tokens").asLong()).as("counted from the streamed text").isBetween(8L, 60L);
    }

    @Test
    void usageIsReportedByDayModelAndKeyAndAsCsv() {
        String other = fixture.createKey("{\"tenant\": \"acme\", \"name\": \"other\"}");
        fixture.post("/v1/chat/completions", CHAT.formatted("chat", ""), key);
        fixture.post("/v1/chat/completions", CHAT.formatted("plain", ""), key);
        fixture.post("/v1/chat/completions", CHAT.formatted("chat", ""), other);

        JsonNode byModel = usageReport("group_by=model").get("data");
        assertThat(byModel).extracting(row -> row.get("group").asText()).containsExactly("chat", "plain");
        assertThat(byModel.get(0).get("requests").asLong()).isEqualTo(2);
        assertThat(usageReport("group_by=key").get("data")).hasSize(2);
        JsonNode byDay = usageReport("group_by=day&since=1d").get("data");
        assertThat(byDay).hasSize(1);
        assertThat(byDay.get(0).get("requests").asLong()).isEqualTo(3);

        HttpResponse<String> csv = fixture.admin("GET", "/admin/usage?tenant=acme&group_by=model&format=csv", null);
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("group,requests,input_tokens,cached_input_tokens,output_tokens,"
                + "reasoning_tokens,cost_usd,estimated_requests");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("chat,2,");
    }

    @Test
    void aSpentBudgetRefusesTheNextRequestWith429() {
        String capped = fixture.createKey("{\"tenant\": \"acme\", \"budget_usd\": 0.00001, \"budget_period\": \"day\"}");

        assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat", ""), capped).statusCode()).isEqualTo(200);

        assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> fixture.post("/v1/chat/completions",
                CHAT.formatted("chat", ""), capped).statusCode() == 429)).isTrue();
        HttpResponse<String> refused = fixture.post("/v1/chat/completions", CHAT.formatted("chat", ""), capped);
        assertError(refused, 429, "insufficient_quota", "budget_exceeded", null);
        assertThat(ErrorResponsesTest.message(refused)).contains("daily budget of $0.00001");
        assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat", ""), key).statusCode())
                .as("other keys of the tenant are not affected").isEqualTo(200);
    }

    @Test
    void failedRequestsAreRecordedWithoutTokens() {
        upstream.failNext(1, 400);
        assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat", ""), key).statusCode()).isEqualTo(400);

        JsonNode total = usageReport("group_by=none").get("total");
        assertThat(total.get("requests").asLong()).isEqualTo(1);
        assertThat(total.get("input_tokens").asLong()).isZero();
        assertThat(total.get("cost_usd").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    /** The tenant's usage report once the usage writer has written the records of every request so far. */
    private JsonNode usageReport(String query) {
        long expected = upstream.stats().chatRequests();
        JsonNode[] report = new JsonNode[1];
        GatewayFixture.eventually(Duration.ofSeconds(5), () -> {
            report[0] = json(fixture.admin("GET", "/admin/usage?tenant=acme&group_by=none", null));
            return report[0].get("total").get("requests").asLong() >= expected;
        });
        return json(fixture.admin("GET", "/admin/usage?tenant=acme&" + query, null));
    }
}
