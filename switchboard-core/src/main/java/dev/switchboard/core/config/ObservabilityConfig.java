package dev.switchboard.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gateway tells operators: Prometheus metrics, OpenTelemetry traces, the request log and
 * the format of its own log lines.
 *
 * @param metrics {@code GET /metrics}
 * @param tracing OpenTelemetry traces, exported over OTLP; off unless an endpoint is set
 * @param requestLog one record per request, kept in the main {@code store}, for {@code /admin/requests}
 * @param logs the process's log lines
 */
public record ObservabilityConfig(Metrics metrics, Tracing tracing, RequestLog requestLog, Logs logs) {

    public ObservabilityConfig {
        metrics = metrics != null ? metrics : new Metrics(null);
        tracing = tracing != null ? tracing : new Tracing(null, null, null, null, null, null);
        requestLog = requestLog != null ? requestLog : new RequestLog(null, null, null, null, null, null);
        logs = logs != null ? logs : new Logs(null);
    }

    /** Every default: metrics on, tracing off, the request log on (without bodies), text logs. */
    public static ObservabilityConfig defaults() {
        return new ObservabilityConfig(null, null, null, null);
    }

    /** True when metrics, traces and the request log are all off (the benchmark's baseline). */
    public boolean allOff() {
        return !metrics.enabled() && !tracing.enabled() && !requestLog.enabled();
    }

    /**
     * @param enabled serve {@code GET /metrics} and record metrics; default true
     */
    public record Metrics(Boolean enabled) {
        public Metrics {
            enabled = enabled != null ? enabled : Boolean.TRUE;
        }
    }

    /** How spans leave the process. */
    public enum Protocol {
        /** OTLP over HTTP with protobuf bodies, to {@code <endpoint>/v1/traces} (port 4318 by convention). */
        @JsonProperty("http") HTTP,
        /** OTLP over gRPC (port 4317 by convention). */
        @JsonProperty("grpc") GRPC
    }

    /**
     * @param otlpEndpoint the collector, e.g. {@code http://otel-collector:4318}; unset (the
     *     default) means no tracing at all: no spans are made
     * @param protocol {@code http} (default) or {@code grpc}
     * @param headers sent with every export (a collector's credentials, usually {@code ${env:...}})
     * @param sampleRatio share of traces kept that the client did not already decide on, 0 to 1;
     *     a client's sampled {@code traceparent} is honoured; default 1
     * @param captureContent put the messages and the answer on spans ({@code gen_ai.input.messages},
     *     {@code gen_ai.output.messages}), always with personal data redacted first; default false
     * @param serviceName {@code service.name} of the spans; default {@code switchboard}
     */
    public record Tracing(String otlpEndpoint, Protocol protocol, Map<String, String> headers, Double sampleRatio,
                          Boolean captureContent, String serviceName) {
        public Tracing {
            protocol = protocol != null ? protocol : Protocol.HTTP;
            headers = headers != null ? Collections.unmodifiableMap(new LinkedHashMap<>(headers)) : Map.of();
            sampleRatio = sampleRatio != null ? sampleRatio : 1.0;
            captureContent = captureContent != null ? captureContent : Boolean.FALSE;
            serviceName = serviceName != null ? serviceName : "switchboard";
        }

        /** True when an OTLP endpoint is set. */
        public boolean enabled() {
            return otlpEndpoint != null && !otlpEndpoint.isBlank();
        }

        @Override
        public String toString() {
            return "Tracing[otlpEndpoint=" + otlpEndpoint + ", protocol=" + protocol + ", headers="
                    + headers.keySet() + ", sampleRatio=" + sampleRatio + ", captureContent=" + captureContent + "]";
        }
    }

    /**
     * @param enabled keep one record per request; default true
     * @param bodies also keep the request and answer bodies, redacted of personal data; default false
     * @param maxBodyChars longest body kept, per body; longer ones are cut; default 16384
     * @param retention how long records are kept; default 7d
     * @param flushInterval how often records are written, in batches; default 1s
     * @param pruneInterval how often records past their retention are deleted; default 1h
     */
    public record RequestLog(Boolean enabled, Boolean bodies,
                             Integer maxBodyChars, Duration retention, Duration flushInterval, Duration pruneInterval) {
        public RequestLog {
            enabled = enabled != null ? enabled : Boolean.TRUE;
            bodies = bodies != null ? bodies : Boolean.FALSE;
            maxBodyChars = maxBodyChars != null ? maxBodyChars : 16_384;
            retention = retention != null ? retention : Duration.ofDays(7);
            flushInterval = flushInterval != null ? flushInterval : Duration.ofSeconds(1);
            pruneInterval = pruneInterval != null ? pruneInterval : Duration.ofHours(1);
        }
    }

    /** The format of log lines. */
    public enum LogFormat {
        /** One human-readable line per record, on standard error. */
        @JsonProperty("text") TEXT,
        /** One JSON object per line on standard output, with request and trace ids (for Loki). */
        @JsonProperty("json") JSON
    }

    /**
     * @param format {@code text} (default) or {@code json}; the environment variable
     *     {@code SWITCHBOARD_LOG_FORMAT} sets it before the config is read
     */
    public record Logs(LogFormat format) {
        public Logs {
            format = format != null ? format : LogFormat.TEXT;
        }
    }
}
