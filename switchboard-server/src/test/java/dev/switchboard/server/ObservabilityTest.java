package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.assertError;
import static dev.switchboard.server.ErrorResponsesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.observability.JsonLogFormatter;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Metrics, the request log, feedback and log lines of real requests through a real gateway. */
class ObservabilityTest {

    private static final String CONFIG = """
            auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
            observability: { request_log: { bodies: true } }
            providers:
              a: { type: openai, base_url: "${sim0}" }
            models:
              - name: chat
                deployments: [{ provider: a, model: m }]
            pricing:
              m: { input: 1.0, output: 2.0 }
            """;

    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]%s}";

    @Test
    void metricsAreScrapedInPrometheusTextWithBoundedLabels() {
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, sim)) {
            fixture.createTenant("{\"name\": \"acme\"}");
            String key = fixture.createKey("{\"tenant\": \"acme\"}");
            assertThat(chat(fixture, key, "req-m-1", "chat", "hello", "").statusCode()).isEqualTo(200);
            assertThat(chat(fixture, key, "req-m-2", "chat", "hello", ",\"stream\":true").statusCode()).isEqualTo(200);
            assertThat(chat(fixture, key, "req-m-3", "no-such-model-xyz", "hello", "").statusCode()).isEqualTo(404);
            assertThat(chat(fixture, "sk-sb-wrong-000000000000", "req-m-4", "chat", "hello", "").statusCode())
                    .isEqualTo(401);

            HttpResponse<String> scrape = awaitScrape(fixture, text -> text.sum("switchboard_requests_total",
                    Map.of()) >= 4);
            assertThat(scrape.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
            PrometheusText metrics = PrometheusText.parse(scrape.body());
            Map<String, String> acmeChat = Map.of("tenant", "acme", "model", "chat", "deployment", "a/m",
                    "route", "/v1/chat/completions");

            assertThat(metrics.sum("switchboard_requests_total", with(acmeChat, "status", "200"))).isEqualTo(2);
            assertThat(metrics.sum("switchboard_requests_total", Map.of("tenant", "acme", "model", "_unknown",
                    "deployment", "_none", "status", "404"))).isEqualTo(1);
            assertThat(metrics.sum("switchboard_requests_total", Map.of("tenant", "_anonymous", "status", "401")))
                    .isEqualTo(1);
            assertThat(metrics.sum("switchboard_request_duration_seconds_count", acmeChat)).isEqualTo(2);
            assertThat(metrics.sum("switchboard_request_duration_seconds_bucket", with(acmeChat, "le", "81.92")))
                    .isEqualTo(2);
            assertThat(metrics.named("switchboard_request_duration_seconds_bucket").stream()
                    .map(sample -> sample.labels().get("le")).distinct())
                    .containsExactly("0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12",
                            "10.24", "20.48", "40.96", "81.92", "+Inf");
            assertThat(metrics.sum("switchboard_time_to_first_token_seconds_count", acmeChat))
                    .as("only the streamed request has a time to first token").isEqualTo(1);
            assertThat(metrics.sum("switchboard_tokens_total", with(acmeChat, "type", "input"))).isPositive();
            assertThat(metrics.sum("switchboard_tokens_total", with(acmeChat, "type", "output"))).isPositive();
            assertThat(metrics.sum("switchboard_cost_usd_total", acmeChat)).isPositive();
            assertThat(metrics.sum("switchboard_upstream_attempts_total", Map.of("deployment", "a/m", "outcome", "ok")))
                    .isEqualTo(2);
            assertThat(metrics.named("switchboard_upstream_in_flight_requests"))
                    .anySatisfy(sample -> assertThat(sample.labels()).containsEntry("deployment", "a/m"));
            assertThat(metrics.sum("switchboard_circuit_breaker_open", Map.of("deployment", "a/m"))).isZero();
            assertThat(metrics.named("jvm_memory_used_bytes")).isNotEmpty();
            assertThat(metrics.samples()).allSatisfy(sample -> assertThat(sample.labels().values())
                    .as("no request ids, keys or client-chosen names as labels")
                    .noneMatch(value -> value.startsWith("req-m-") || value.startsWith("sk-")
                            || value.contains("no-such-model")));
        }
    }

    @Test
    void serverTimingSplitsTheGatewaysOwnTimeFromTheUpstreamsAndFeedsItsHistogram() {
        Simulator sim = GatewayFixture.simulator(SimulatorConfig.builder().timeToFirstToken(Duration.ofMillis(150)));
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, sim)) {
            HttpResponse<String> plain = chat(fixture, GatewayFixture.KEY, "req-t-1", "chat", "hello", "");
            HttpResponse<String> streamed = chat(fixture, GatewayFixture.KEY, "req-t-2", "chat", "hello",
                    ",\"stream\":true");
            HttpResponse<String> refused = chat(fixture, GatewayFixture.KEY, "req-t-3", "no-such-model", "hello", "");

            for (HttpResponse<String> answered : List.of(plain, streamed)) {
                Map<String, Double> timing = serverTiming(answered);
                assertThat(timing).containsOnlyKeys("gateway", "upstream");
                // most of it: the simulator's clock may start a little before the gateway's
                assertThat(timing.get("upstream")).as("the simulator's 150 ms before its first token")
                        .isGreaterThanOrEqualTo(120.0);
                assertThat(timing.get("gateway")).isGreaterThanOrEqualTo(0.0);
            }
            assertThat(serverTiming(refused)).as("no upstream was called").containsEntry("upstream", 0.0);

            PrometheusText metrics = PrometheusText.parse(awaitScrape(fixture,
                    text -> text.sum("switchboard_requests_total", Map.of()) >= 3).body());
            Map<String, String> chat = Map.of("route", "/v1/chat/completions");
            assertThat(metrics.sum("switchboard_gateway_overhead_seconds_count", chat)).isEqualTo(3);
            assertThat(metrics.sum("switchboard_gateway_overhead_seconds_sum", chat))
                    .as("the upstream's time is not the gateway's").isLessThan(0.450);
        }
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG.replace("auth:", "server: { server_timing: false }\nauth:"),
                GatewayFixture.simulator())) {
            assertThat(chat(fixture, GatewayFixture.KEY, "req-t-4", "chat", "hello", "").headers()
                    .firstValue("server-timing")).isEmpty();
        }
    }

    /** The metrics of a {@code Server-Timing} header, by name: their {@code dur} in milliseconds. */
    private static Map<String, Double> serverTiming(HttpResponse<String> response) {
        String header = response.headers().firstValue("server-timing").orElseThrow();
        Map<String, Double> durations = new java.util.LinkedHashMap<>();
        for (String metric : header.split(",")) {
            String[] parts = metric.trim().split(";dur=");
            durations.put(parts[0], Double.parseDouble(parts[1]));
        }
        return durations;
    }

    @Test
    void requestsRefusedBeforeThePipelineAreCountedWithBoundedLabels() {
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG.replace("auth:", "server: { max_body_bytes: 2KiB }\nauth:"),
                sim)) {
            String big = "x".repeat(4096);
            assertThat(chat(fixture, GatewayFixture.KEY, "req-p-1", "chat", big, "").statusCode()).isEqualTo(413);
            assertThat(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/no-such-endpoint-xyz")).GET().build())
                    .statusCode()).isEqualTo(404);
            assertThat(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions")).GET().build())
                    .statusCode()).isEqualTo(405);

            PrometheusText metrics = PrometheusText.parse(awaitScrape(fixture,
                    text -> text.sum("switchboard_requests_total", Map.of()) >= 3).body());
            Map<String, String> nobody = Map.of("tenant", "_anonymous", "model", "_unknown", "deployment", "_none");
            assertThat(metrics.sum("switchboard_requests_total",
                    with(with(nobody, "route", "/v1/chat/completions"), "status", "413"))).isEqualTo(1);
            assertThat(metrics.sum("switchboard_requests_total",
                    with(with(nobody, "route", "_unknown"), "status", "404"))).isEqualTo(1);
            assertThat(metrics.sum("switchboard_requests_total",
                    with(with(nobody, "route", "/v1/chat/completions"), "status", "405"))).isEqualTo(1);
            assertThat(metrics.samples()).allSatisfy(sample -> assertThat(sample.labels().values())
                    .noneMatch(value -> value.contains("no-such-endpoint")));
        }
    }

    @Test
    void gatewayLimitRejectionsAreCountedByLimitButUpstreamOnesAreNot() {
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, sim)) {
            fixture.createTenant("{\"name\": \"acme\"}");
            String key = fixture.createKey("{\"tenant\": \"acme\", \"rpm\": 1}");
            assertThat(chat(fixture, key, "req-r-1", "chat", "hello", "").statusCode()).isEqualTo(200);
            assertThat(chat(fixture, key, "req-r-2", "chat", "hello", "").statusCode()).isEqualTo(429);

            PrometheusText metrics = PrometheusText.parse(awaitScrape(fixture,
                    text -> text.sum("switchboard_requests_total", Map.of("status", "429")) >= 1).body());
            assertThat(metrics.sum("switchboard_rate_limit_rejections_total",
                    Map.of("tenant", "acme", "limit", "requests"))).isEqualTo(1);
        }
    }

    @Test
    void theRequestLogKeepsOneEntryPerRequestFindableByItsIdWithBodiesRedacted() {
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, sim)) {
            fixture.createTenant("{\"name\": \"acme\"}");
            String key = fixture.createKey("{\"tenant\": \"acme\"}");
            chat(fixture, key, "req-log-1", "chat", "Mail jane.doe@example.com the minutes", ",\"stream\":true");
            chat(fixture, key, "req-log-2", "no-such-model", "hello", "");

            HttpResponse<String> found = fixture.admin("GET", "/admin/requests/req-log-1", null);
            assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
            JsonNode entry = json(found);
            assertThat(entry.get("id").asText()).isEqualTo("req-log-1");
            assertThat(entry.get("tenant").asText()).isEqualTo("acme");
            assertThat(key).startsWith(entry.get("key_prefix").asText());
            assertThat(entry.get("key_prefix").asText().length()).isLessThan(key.length());
            assertThat(entry.get("route").asText()).isEqualTo("/v1/chat/completions");
            assertThat(entry.get("model").asText()).isEqualTo("chat");
            assertThat(entry.get("deployment").asText()).isEqualTo("a/m");
            assertThat(entry.get("attempts").asInt()).isEqualTo(1);
            assertThat(entry.get("status").asInt()).isEqualTo(200);
            assertThat(entry.get("error_type").isNull()).isTrue();
            assertThat(entry.get("streamed").asBoolean()).isTrue();
            assertThat(entry.get("latency_ms").asDouble()).isPositive();
            assertThat(entry.get("time_to_first_token_ms").asDouble()).isPositive()
                    .isLessThanOrEqualTo(entry.get("latency_ms").asDouble());
            assertThat(entry.get("input_tokens").asLong()).isPositive();
            assertThat(entry.get("output_tokens").asLong()).isPositive();
            assertThat(entry.get("cost_usd").asDouble()).isPositive();
            assertThat(entry.get("request_body").asText()).contains("the minutes").contains("<EMAIL_ADDRESS>")
                    .doesNotContain("jane.doe@example.com");
            assertThat(entry.get("response_body").asText()).isNotBlank();

            JsonNode failures = json(fixture.admin("GET", "/admin/requests?tenant=acme&status=4xx", null));
            assertThat(failures.get("data")).hasSize(1);
            assertThat(failures.get("data").get(0).get("id").asText()).isEqualTo("req-log-2");
            assertThat(failures.get("data").get(0).get("status").asInt()).isEqualTo(404);
            JsonNode all = json(fixture.admin("GET", "/admin/requests?tenant=acme&since=1h", null));
            assertThat(all.get("data")).extracting(node -> node.get("id").asText())
                    .containsExactly("req-log-2", "req-log-1");

            assertError(fixture.admin("GET", "/admin/requests/req-nope", null), 404, "invalid_request_error",
                    "request_not_found", "id");
            assertError(fixture.admin("GET", "/admin/requests?status=teapot", null), 400, "invalid_request_error",
                    null, "status");
            assertError(fixture.admin("GET", "/admin/requests?limit=0", null), 400, "invalid_request_error",
                    null, "limit");
            assertError(fixture.admin("GET", "/admin/requests?from=yesterday", null), 400, "invalid_request_error",
                    null, "from");
            assertThat(fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/requests"))
                    .header("authorization", "Bearer " + key).GET().build()).statusCode())
                    .as("a tenant's key cannot read the log").isEqualTo(403);
        }
    }

    @Test
    void feedbackRoundTripsIntoMetricsAndTheUsageReport() {
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start(CONFIG, sim)) {
            fixture.createTenant("{\"name\": \"acme\"}");
            fixture.createTenant("{\"name\": \"globex\"}");
            String key = fixture.createKey("{\"tenant\": \"acme\"}");
            String other = fixture.createKey("{\"tenant\": \"globex\"}");
            chat(fixture, key, "req-fb-1", "chat", "hello", "");
            chat(fixture, key, "req-fb-2", "chat", "hello", "");

            HttpResponse<String> given = fixture.post("/v1/feedback",
                    "{\"request_id\":\"req-fb-1\",\"accepted\":true,\"score\":0.9,\"comment\":\"great\"}", key);
            assertThat(given.statusCode()).as(given.body()).isEqualTo(200);
            assertThat(json(given).get("accepted").asBoolean()).isTrue();
            assertThat(json(given).get("score").asDouble()).isEqualTo(0.9);
            assertThat(fixture.post("/v1/feedback", "{\"request_id\":\"req-fb-2\",\"accepted\":false}", key)
                    .statusCode()).isEqualTo(200);

            PrometheusText metrics = PrometheusText.parse(fixture.send(HttpRequest.newBuilder(fixture.uri("/metrics"))
                    .GET().build()).body());
            Map<String, String> acmeChat = Map.of("tenant", "acme", "model", "chat", "route", "/v1/chat/completions");
            assertThat(metrics.sum("switchboard_feedback_total", with(acmeChat, "accepted", "true"))).isEqualTo(1);
            assertThat(metrics.sum("switchboard_feedback_total", with(acmeChat, "accepted", "false"))).isEqualTo(1);

            // usage records are written behind: wait for the ledger to have both requests
            assertThat(GatewayFixture.eventually(Duration.ofSeconds(10), () -> json(fixture.admin("GET",
                    "/admin/usage?tenant=acme&group_by=none", null)).get("total").get("requests").asLong() == 2)).isTrue();
            JsonNode usage = json(fixture.admin("GET", "/admin/usage?tenant=acme&group_by=model", null));
            JsonNode chatRow = usage.get("data").get(0);
            assertThat(chatRow.get("group").asText()).isEqualTo("chat");
            assertThat(chatRow.get("feedback").asLong()).isEqualTo(2);
            assertThat(chatRow.get("accepted").asLong()).isEqualTo(1);
            assertThat(chatRow.get("acceptance_rate").asDouble()).isEqualTo(0.5);
            assertThat(usage.get("total").get("acceptance_rate").asDouble()).isEqualTo(0.5);

            assertError(fixture.post("/v1/feedback", "{\"request_id\":\"req-fb-1\"}", key), 400,
                    "invalid_request_error", null, "accepted");
            assertError(fixture.post("/v1/feedback", "{\"request_id\":\"req-fb-1\",\"accepted\":true,\"score\":2}", key),
                    400, "invalid_request_error", null, "score");
            assertError(fixture.post("/v1/feedback", "{\"accepted\":true}", key), 400, "invalid_request_error", null,
                    "request_id");
            assertError(fixture.post("/v1/feedback", "{\"request_id\":\"x\",\"accepted\":true,\"stars\":5}", key), 400,
                    "invalid_request_error", null, "stars");
            assertError(fixture.post("/v1/feedback", "not json", key), 400, "invalid_request_error", null, null);
            assertError(fixture.post("/v1/feedback", "{\"request_id\":\"req-never\",\"accepted\":true}", key), 404,
                    "invalid_request_error", "request_not_found", "request_id");
            assertError(fixture.post("/v1/feedback", "{\"request_id\":\"req-fb-1\",\"accepted\":false}", other), 404,
                    "invalid_request_error", "request_not_found", "request_id");
            assertThat(fixture.post("/v1/feedback", "{\"request_id\":\"req-fb-1\",\"accepted\":false}",
                    "sk-sb-wrong-000000000000").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void logLinesOfARequestWithPersonalDataCarryItsIdsButNotTheData() {
        List<String> lines = new CopyOnWriteArrayList<>();
        JsonLogFormatter format = new JsonLogFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    lines.add(format.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (RecordingUpstream upstream = new RecordingUpstream();
             GatewayFixture fixture = GatewayFixture.traced(spans, """
                     auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                     providers:
                       rec: { type: openai, base_url: "%s" }
                     models:
                       - name: chat
                         deployments: [{ provider: rec, model: up }]
                     """.formatted(upstream.baseUrl()))) {
            upstream.breakStreamsWith("cannot process the request of jane.doe@example.com, call +1 415 555 0132");

            HttpResponse<String> response = chat(fixture, GatewayFixture.KEY, "req-pii-1", "chat",
                    "I am jane.doe@example.com, call me on +1 415 555 0132", ",\"stream\":true");
            assertThat(response.body()).contains("stream_interrupted");

            TracingTest.awaitSpan(spans, "POST /v1/chat/completions");
            List<String> ours = lines.stream().filter(line -> line.contains("\"request_id\":\"req-pii-1\"")).toList();
            assertThat(ours).as("the broken stream is logged, with the request's ids").isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("\"trace_id\":\"")
                            .startsWith("{").endsWith("}" + System.lineSeparator()));
            assertThat(lines).as("no personal data in any log line").noneMatch(line ->
                    line.contains("jane.doe@example.com") || line.contains("415 555 0132"));
            assertThat(String.join("", ours)).contains("<EMAIL_ADDRESS>");
        } finally {
            root.removeHandler(capture);
        }
    }

    private static HttpResponse<String> chat(GatewayFixture fixture, String key, String requestId, String model,
                                             String content, String extra) {
        return fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model, content, extra))).build());
    }

    /** Scrapes until {@code ready} holds (request metrics are recorded as answers end, just after the client has them). */
    private static HttpResponse<String> awaitScrape(GatewayFixture fixture,
                                                    java.util.function.Predicate<PrometheusText> ready) {
        HttpRequest scrape = HttpRequest.newBuilder(fixture.uri("/metrics")).GET().build();
        GatewayFixture.eventually(Duration.ofSeconds(5), () -> ready.test(PrometheusText.parse(fixture.send(scrape).body())));
        return fixture.send(scrape);
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        java.util.Map<String, String> more = new java.util.HashMap<>(labels);
        more.put(name, value);
        return more;
    }
}
