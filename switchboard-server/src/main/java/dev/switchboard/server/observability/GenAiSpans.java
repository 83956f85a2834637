package dev.switchboard.server.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.accounting.Usage;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.routing.Deployment;
import dev.switchboard.core.spi.UpstreamException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one adapter from what the gateway does to OpenTelemetry spans: every span name and attribute
 * key is in this file. Upstream attempts follow the OpenTelemetry GenAI semantic conventions
 * (still in development: when they change, this file changes and nothing else).
 *
 * <ul>
 *   <li>a SERVER span per request, {@code POST /v1/chat/completions}, parented on the client's
 *       {@code traceparent};
 *   <li>an INTERNAL span per pipeline stage, {@code switchboard.<stage>}, covering that stage's own
 *       work on the way in;
 *   <li>a CLIENT span per upstream attempt, {@code chat <model>} / {@code embeddings <model>},
 *       whose context goes upstream as {@code traceparent}; the usage goes on the attempt that
 *       answered.
 * </ul>
 *
 * <p>Message content goes on spans only when {@code captureContent} is set, and then only after
 * the redactor has replaced personal data. Thread-safe.
 */
final class GenAiSpans {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("switchboard.request_id");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("switchboard.tenant");
    static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("switchboard.deployment");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.attempt");
    static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("switchboard.attempts");
    static final AttributeKey<String> CACHE = AttributeKey.stringKey("switchboard.cache");
    static final AttributeKey<Long> TTFT_MILLIS = AttributeKey.longKey("switchboard.time_to_first_token_ms");
    static final AttributeKey<String> GUARD = AttributeKey.stringKey("switchboard.guard");
    static final AttributeKey<String> GUARD_ACTION = AttributeKey.stringKey("switchboard.guard.action");
    static final AttributeKey<String> FALLBACK_FROM = AttributeKey.stringKey("switchboard.fallback.from");
    static final AttributeKey<String> FALLBACK_TO = AttributeKey.stringKey("switchboard.fallback.to");

    private static final TextMapGetter<Exchange> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Exchange exchange) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Exchange exchange, String key) {
            return exchange == null ? null : exchange.header(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean captureContent;

    GenAiSpans(Tracer tracer, TextMapPropagator propagator, boolean captureContent) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.captureContent = captureContent;
    }

    /** The trace context the client sent ({@code traceparent}, {@code tracestate}), or the root. */
    Context clientContext(Exchange exchange) {
        return propagator.extract(Context.root(), exchange, HEADERS);
    }

    /** The request's SERVER span. */
    Span startRequest(Context parent, Exchange exchange, String route) {
        return tracer.spanBuilder("POST " + route).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(HTTP_METHOD, "POST").setAttribute(HTTP_ROUTE, route)
                .setAttribute(REQUEST_ID, exchange.requestId()).startSpan();
    }

    /** Ends the SERVER span with what became of the request. */
    void endRequest(Span span, String tenant, int status, String errorType, int attempts, String cache) {
        span.setAttribute(HTTP_STATUS, status);
        span.setAttribute(TENANT, tenant);
        span.setAttribute(ATTEMPTS, attempts);
        if (cache != null) {
            span.setAttribute(CACHE, cache);
        }
        if (errorType != null) {
            span.setAttribute(ERROR_TYPE, errorType);
            if (status >= 500 || status == 200) { // 4xx is the client's error, not the server's
                span.setStatus(StatusCode.ERROR, errorType);
            }
        }
        span.end();
    }

    /** A pipeline stage's span, for its work on the way in. */
    Span startStage(Context parent, String stage) {
        return tracer.spanBuilder("switchboard." + stage).setParent(parent).setSpanKind(SpanKind.INTERNAL).startSpan();
    }

    /** Marks a stage that rejected the request. */
    void stageFailed(Span span, String errorType) {
        span.setAttribute(ERROR_TYPE, errorType);
    }

    void guardVerdict(Span request, String guard, String action) {
        request.addEvent("switchboard.guard", Attributes.of(GUARD, guard, GUARD_ACTION, action));
    }

    void fallback(Span request, String from, String to) {
        request.addEvent("switchboard.fallback", Attributes.of(FALLBACK_FROM, from, FALLBACK_TO, to));
    }

    /**
     * An upstream attempt's CLIENT span, with the request's GenAI attributes.
     *
     * @param upstream the provider type and address of the deployment
     * @param redactor replaces personal data in captured content
     */
    Span startAttempt(Context parent, Exchange exchange, Deployment deployment, Upstream upstream, int attempt,
                      UnaryOperator<String> redactor) {
        Operation operation = exchange.operation();
        var builder = tracer.spanBuilder(operation.spanName() + " " + deployment.upstreamModel())
                .setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, operation.spanName())
                .setAttribute(PROVIDER, providerName(upstream.type()))
                .setAttribute(REQUEST_MODEL, deployment.upstreamModel())
                .setAttribute(DEPLOYMENT, deployment.id())
                .setAttribute(ATTEMPT, attempt);
        if (upstream.host() != null) {
            builder.setAttribute(SERVER_ADDRESS, upstream.host());
            if (upstream.port() > 0) {
                builder.setAttribute(SERVER_PORT, upstream.port());
            }
        }
        ObjectNode body = exchange.body();
        if (operation == Operation.CHAT_COMPLETIONS) {
            builder.setAttribute(REQUEST_STREAM, exchange.stream());
            JsonNode maxTokens = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
            if (maxTokens != null && maxTokens.canConvertToLong()) {
                builder.setAttribute(REQUEST_MAX_TOKENS, maxTokens.asLong());
            }
            JsonNode temperature = body.get("temperature");
            if (temperature != null && temperature.isNumber()) {
                builder.setAttribute(REQUEST_TEMPERATURE, temperature.asDouble());
            }
            JsonNode topP = body.get("top_p");
            if (topP != null && topP.isNumber()) {
                builder.setAttribute(REQUEST_TOP_P, topP.asDouble());
            }
            if (captureContent && body.has("messages")) {
                builder.setAttribute(INPUT_MESSAGES, redactor.apply(body.get("messages").toString()));
            }
        }
        return builder.startSpan();
    }

    /** Ends a failed attempt's span. */
    void attemptFailed(Span span, UpstreamException failure) {
        String type = errorType(failure);
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, type);
        span.end();
    }

    /**
     * Ends the span of the attempt that answered, with the response's GenAI attributes and the usage.
     *
     * @param errorType why its stream ended early, or null when it completed
     */
    void attemptAnswered(Span span, ResponseFacts facts, Usage usage, String errorType, UnaryOperator<String> redactor) {
        if (facts.id() != null) {
            span.setAttribute(RESPONSE_ID, facts.id());
        }
        if (facts.model() != null) {
            span.setAttribute(RESPONSE_MODEL, facts.model());
        }
        if (!facts.finishReasons().isEmpty()) {
            span.setAttribute(RESPONSE_FINISH_REASONS, facts.finishReasons());
        }
        if (usage != null && usage != Usage.NONE) {
            span.setAttribute(USAGE_INPUT_TOKENS, usage.inputTokens());
            span.setAttribute(USAGE_OUTPUT_TOKENS, usage.outputTokens());
        }
        if (captureContent && facts.outputText() != null) {
            span.setAttribute(OUTPUT_MESSAGES, redactor.apply(facts.outputText()));
        }
        if (facts.firstTokenNanos() >= 0) {
            span.setAttribute(TTFT_MILLIS, facts.firstTokenNanos() / 1_000_000);
        }
        if (errorType != null) {
            span.setAttribute(ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR, errorType);
        }
        span.end();
    }

    /** The {@code traceparent} header value naming {@code span}. */
    String traceParent(Span span) {
        var context = span.getSpanContext();
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** {@code error.type} of an upstream failure: the HTTP status, or {@code timeout}, {@code connect}, {@code broken}. */
    static String errorType(UpstreamException failure) {
        return failure.kind() == UpstreamException.Kind.STATUS ? Integer.toString(failure.status())
                : failure.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code gen_ai.provider.name} for a provider type of the config. */
    static String providerName(String type) {
        if (type == null) {
            return "_OTHER";
        }
        return switch (type) {
            case "openai" -> "openai";
            case "azure-openai" -> "azure.ai.openai";
            case "vertex" -> "gcp.vertex_ai";
            case "anthropic" -> "anthropic";
            case "simulator" -> "switchboard.simulator";
            default -> type;
        };
    }

    /** Where a deployment's provider is: its config type, host and port. */
    record Upstream(String type, String host, int port) {
    }
}
