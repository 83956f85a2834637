package dev.switchboard.server.observability;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

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
        try {
            writer.write(text, metrics.registry().scrape(), EscapingScheme.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HeaderNames.CONTENT_TYPE, PrometheusTextFormatWriter.CONTENT_TYPE);
        res.send(text.toByteArray());
    }
}
