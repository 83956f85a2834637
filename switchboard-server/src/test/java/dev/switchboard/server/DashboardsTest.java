package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.sim.Simulator;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Grafana dashboards in {@code deploy/grafana} query only metrics the server really exports. */
class DashboardsTest {

    private static final Path DASHBOARDS = Path.of("..", "deploy", "grafana");
    /** Metric names in PromQL: identifiers followed by a selector, a range or the end of a function argument. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:switchboard|jvm)_[a-z0-9_]+)\\b");
    private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum");

    @Test
    void everyMetricADashboardQueriesIsInARealScrape() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(DASHBOARDS)) {
            files = listed.filter(path -> path.toString().endsWith(".json")).toList();
        }
        assertThat(files).as("dashboards in " + DASHBOARDS.toAbsolutePath()).isNotEmpty();
        Set<String> queried = new TreeSet<>();
        for (Path file : files) {
            JsonNode dashboard = Json.parse(Files.readAllBytes(file));
            assertThat(dashboard.get("title").asText()).isNotBlank();
            assertThat(dashboard.get("panels")).isNotEmpty();
            List<String> expressions = new ArrayList<>();
            prometheusExpressions(dashboard, expressions);
            assertThat(expressions).as(file + " has Prometheus queries").isNotEmpty();
            for (String expression : expressions) {
                Matcher names = METRIC.matcher(expression);
                while (names.find()) {
                    queried.add(names.group(1));
                }
            }
        }
        assertThat(queried).contains("switchboard_request_duration_seconds_bucket",
                "switchboard_time_to_first_token_seconds_bucket", "switchboard_cost_usd_total",
                "switchboard_tokens_total", "switchboard_feedback_total", "switchboard_cache_requests_total",
                "switchboard_guard_verdicts_total", "switchboard_fallbacks_total");

        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, sim)) {
            fixture.post("/v1/chat/completions", "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            PrometheusText scrape = PrometheusText.parse(fixture.send(HttpRequest.newBuilder(fixture.uri("/metrics"))
                    .GET().build()).body());
            Set<String> exported = new TreeSet<>(scrape.families());
            scrape.samples().forEach(sample -> exported.add(sample.name()));
            List<String> missing = queried.stream()
                    .filter(name -> !exported.contains(name) && !exported.contains(family(name))).toList();
            assertThat(missing).as("metrics the dashboards query that a scrape does not have").isEmpty();
        }
    }

    /** The {@code expr} of every target whose data source is Prometheus, panels nested in rows included. */
    private static void prometheusExpressions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isTextual() && !"loki".equals(node.path("datasource").path("type").asText())) {
                out.add(expr.asText());
            }
            node.forEach(child -> prometheusExpressions(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> prometheusExpressions(child, out));
        }
    }

    private static String family(String series) {
        for (String suffix : SERIES_SUFFIXES) {
            if (series.endsWith(suffix)) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }
}
