package dev.switchboard.server.observability;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format (0.0.4), which every Prometheus
 * and OpenTelemetry collector scrapes. No authentication, as Prometheus expects: it shows tenant,
 * model and deployment names and counts, never keys, request ids or content; keep the port off
 * the public internet, or turn metrics off.
 */
final class MetricsEndpoint {

    private final GatewayMetrics metrics;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    MetricsEndpoint(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    void scrape(ServerRequest req, ServerResponse res) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
        MetricSnapshots snapshots = metrics.registry().scrape();
        try {
            writer.write(text, snapshots, EscapingScheme.DEFAULT);
            declareEmpty(snapshots, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HeaderNames.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE);
        res.send(text.toByteArray());
    }

    /**
     * Declares ({@code # HELP}, {@code # TYPE}) the metrics that have no series yet — no fallback,
     * no guard verdict so far — which the writer leaves out: Prometheus and Grafana then know every
     * metric from the first scrape, and a dashboard's query of one is not a typo.
     */
    private static void declareEmpty(MetricSnapshots snapshots, ByteArrayOutputStream text) {
        StringBuilder declarations = new StringBuilder();
        for (MetricSnapshot snapshot : snapshots) {
            if (!snapshot.getDataPoints().isEmpty()) {
                continue;
            }
            String type = snapshot instanceof CounterSnapshot ? "counter" : snapshot instanceof GaugeSnapshot ? "gauge"
                    : snapshot instanceof HistogramSnapshot ? "histogram" : "untyped";
            String name = snapshot.getMetadata().getPrometheusName() + ("counter".equals(type) ? "_total" : "");
            declarations.append("# HELP ").append(name).append(' ')
                    .append(snapshot.getMetadata().getHelp().replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        text.writeBytes(declarations.toString().getBytes(StandardCharsets.UTF_8));
    }
}
