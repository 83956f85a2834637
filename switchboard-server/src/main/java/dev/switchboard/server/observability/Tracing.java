package dev.switchboard.server.observability;

import dev.switchboard.core.config.ObservabilityConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK of one gateway: a tracer provider that exports over OTLP (HTTP or gRPC)
 * in batches, off the request threads, and samples by ratio unless the client's
 * {@code traceparent} already decided. Spans are dropped, not queued without bound, when the
 * collector is slow or down.
 */
final class Tracing implements AutoCloseable {

    static final String INSTRUMENTATION = "dev.switchboard.gateway";

    private final SdkTracerProvider provider;
    private final GenAiSpans spans;

    private Tracing(SdkTracerProvider provider, boolean captureContent) {
        this.provider = provider;
        this.spans = new GenAiSpans(provider.get(INSTRUMENTATION), W3CTraceContextPropagator.getInstance(),
                captureContent);
    }

    /** Tracing that exports to the OTLP endpoint of {@code config}. */
    static Tracing otlp(ObservabilityConfig.Tracing config) {
        return new Tracing(provider(config, BatchSpanProcessor.builder(exporter(config)).build()),
                config.captureContent());
    }

    /**
     * Tracing that hands every span to {@code exporter} as it ends, synchronously (tests read
     * spans from an in-memory exporter as soon as a request is done).
     */
    static Tracing to(SpanExporter exporter, ObservabilityConfig.Tracing config) {
        return new Tracing(provider(config, SimpleSpanProcessor.create(exporter)), config.captureContent());
    }

    GenAiSpans spans() {
        return spans;
    }

    private static SdkTracerProvider provider(ObservabilityConfig.Tracing config, SpanProcessor processor) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), config.serviceName())));
        return SdkTracerProvider.builder().setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())))
                .addSpanProcessor(processor).build();
    }

    private static SpanExporter exporter(ObservabilityConfig.Tracing config) {
        String endpoint = config.otlpEndpoint().endsWith("/")
                ? config.otlpEndpoint().substring(0, config.otlpEndpoint().length() - 1) : config.otlpEndpoint();
        if (config.protocol() == ObservabilityConfig.Protocol.GRPC) {
            var builder = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint);
            config.headers().forEach(builder::addHeader);
            return builder.build();
        }
        String path = URI.create(endpoint).getPath();
        var builder = OtlpHttpSpanExporter.builder()
                .setEndpoint(path == null || path.isEmpty() ? endpoint + "/v1/traces" : endpoint);
        config.headers().forEach(builder::addHeader);
        return builder.build();
    }

    /** Exports what is buffered (waiting up to 5 s) and stops. */
    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
