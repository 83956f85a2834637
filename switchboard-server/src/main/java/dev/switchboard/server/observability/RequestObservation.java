package dev.switchboard.server.observability;

import dev.switchboard.core.accounting.AccountingInterceptor;
import dev.switchboard.core.accounting.Usage;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.observe.CacheLookups;
import dev.switchboard.core.observe.GuardVerdicts;
import dev.switchboard.core.observe.TraceParent;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.routing.CallInterceptor;
import dev.switchboard.core.routing.Deployment;
import dev.switchboard.core.routing.ModelRoute;
import dev.switchboard.core.routing.RouteInterceptor;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.store.RequestLogEntry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything observed about one request, from the moment the pipeline takes it to the moment its
 * answer has reached the client; at that end, once, it records the request's metrics, ends its
 * spans and queues its request log entry. Created by {@link ObserveInterceptor} and found by the
 * stages and the routing listener on the exchange ({@link #KEY}).
 *
 * <p>Belongs to the request's thread, except {@link #answered}, which a client's early close may
 * call from another; it takes effect once.
 */
final class RequestObservation {

    static final Attribute<RequestObservation> KEY = Attribute.named("observation");

    private final ObserveInterceptor owner;
    private final Observability observability;
    private final Exchange exchange;
    private final String route;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Span span;
    private final Context context;
    private ResponseFacts facts;
    private Span attemptSpan;
    private Deployment attemptDeployment;
    /** The attempt that sent its first token, and whether its stream broke later. */
    private Deployment answeredBy;
    private boolean brokeAfterAnswer;
    private int attempts;
    private int attemptsOnModel;
    private long firstTokenNanos = -1;
    private List<String> fallbacks;

    RequestObservation(ObserveInterceptor owner, Exchange exchange) {
        this.owner = owner;
        this.observability = owner.observability;
        this.exchange = exchange;
        this.route = "/v1" + exchange.operation().path();
        GenAiSpans spans = observability.spans;
        if (spans != null) {
            Context client = spans.clientContext(exchange);
            span = spans.startRequest(client, exchange, route);
            context = client.with(span);
            LogContext.traced(span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId());
        } else {
            span = null;
            context = null;
            String clientTraceParent = exchange.header("traceparent");
            if (TraceParent.isValid(clientTraceParent)) { // passed on unchanged: the upstream joins the client's trace
                exchange.put(TraceParent.UPSTREAM, clientTraceParent);
            }
        }
        if (observability.metrics != null) {
            observability.metrics.requestStarted();
        }
    }

    /** Makes the request's span current on this thread (for stage spans and log lines); a no-op without tracing. */
    Scope makeCurrent() {
        return context != null ? context.makeCurrent() : Scope.noop();
    }

    /** Whether the client asked for a stream; false for a body that is not JSON. Parses the body: call it after auth. */
    boolean streaming() {
        if (exchange.get(AuthInterceptor.CALLER) == null) {
            return false; // an unauthenticated body is never parsed
        }
        try {
            return exchange.stream();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The request's trace context, or null without tracing. */
    Context context() {
        return context;
    }

    // --- from the routing listener, on the request's thread

    void attemptStarted(Deployment deployment, int attempt) {
        attempts = attempt;
        if (attemptsOnModel++ > 0 && observability.metrics != null) {
            observability.metrics.retry(tenantLabel(), modelLabel());
        }
        GenAiSpans spans = observability.spans;
        if (spans != null) {
            GenAiSpans.Upstream upstream = owner.upstreams.getOrDefault(deployment.id(),
                    new GenAiSpans.Upstream(null, null, -1));
            attemptSpan = spans.startAttempt(context, exchange, deployment, upstream, attempt, owner.redactor);
            attemptDeployment = deployment;
            exchange.put(TraceParent.UPSTREAM, spans.traceParent(attemptSpan));
        }
    }

    void attemptFailed(Deployment deployment, UpstreamException failure) {
        if (observability.metrics != null) {
            observability.metrics.attempt(deployment.id(), outcome(failure));
        }
        if (answeredBy == deployment) {
            brokeAfterAnswer = true; // its span ends with the request, with the usage it had
            return;
        }
        if (attemptSpan != null && attemptDeployment == deployment) {
            observability.spans.attemptFailed(attemptSpan, failure);
            attemptSpan = null;
        }
    }

    void firstUpstreamEvent(Deployment deployment) {
        answeredBy = deployment;
    }

    void fallback(String from, String to) {
        attemptsOnModel = 0;
        if (fallbacks == null) {
            fallbacks = new ArrayList<>(2);
        }
        fallbacks.add(from + ">" + to);
        if (observability.metrics != null) {
            observability.metrics.fallback(tenantLabel(), from, to);
        }
        if (span != null) {
            observability.spans.fallback(span, from, to);
        }
    }

    // --- from the observed stream

    void firstEvent() {
        boolean streaming = streaming();
        if (streaming) {
            firstTokenNanos = observability.ticker.read() - exchange.startNanos();
        }
        if (observability.spans != null || observability.logBodies) {
            boolean keepText = observability.spans != null && observability.captureContent || observability.logBodies;
            facts = new ResponseFacts(streaming, keepText ? observability.maxBodyChars : 0);
            facts.firstToken(firstTokenNanos);
        }
    }

    void event(Event event) {
        if (facts != null) {
            try {
                facts.observe(event);
            } catch (RuntimeException e) {
                // an event that is not JSON is the client's to see; facts are only decoration
            }
        }
    }

    /**
     * The answer has ended: completed ({@code errorType} null), broken or left by the client.
     *
     * @param failure the upstream failure that broke it, or null
     */
    void answered(String errorType, UpstreamException failure) {
        end(200, errorType);
    }

    // --- from the interceptor

    /** The pipeline refused or failed the request with {@code error}. */
    void rejected(ApiError error) {
        String limit = limitOf(error);
        if (limit != null && observability.metrics != null) {
            observability.metrics.rateLimited(tenantLabel(), limit);
        }
        end(error.status(), error.code() != null ? error.code() : error.type());
    }

    /** The pipeline failed with an unexpected exception (the client gets a 500). */
    void crashed() {
        end(500, "internal_error");
    }

    private void end(int status, String errorType) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        long latency = observability.ticker.read() - exchange.startNanos();
        Caller caller = exchange.get(AuthInterceptor.CALLER);
        String tenant = tenantLabel(caller);
        String model = modelLabel();
        Deployment deployment = exchange.get(CallInterceptor.DEPLOYMENT);
        Usage usage = exchange.get(AccountingInterceptor.USAGE);
        Long cost = exchange.get(AccountingInterceptor.COST_NANOS);
        long costNanos = cost != null ? cost : 0;
        List<GuardVerdicts.Verdict> verdicts = GuardVerdicts.of(exchange);
        CacheLookups.Result cache = CacheLookups.of(exchange);
        if (caller != null && caller.tenant() != null && caller.tenant().budgetNanos() != null
                && !caller.tenant().name().equals(observability.tenantNames.get(caller.tenant().id()))) {
            observability.tenantNames.put(caller.tenant().id(), caller.tenant().name()); // for its budget gauge
        }
        GatewayMetrics metrics = observability.metrics;
        if (metrics != null) {
            if (answeredBy != null && !brokeAfterAnswer) {
                metrics.attempt(answeredBy.id(), "ok");
            }
            metrics.requestEnded(tenant, model, deployment != null ? deployment.id() : GatewayMetrics.NONE, route,
                    status, latency, firstTokenNanos, usage == null ? 0 : usage.inputTokens(),
                    usage == null ? 0 : usage.cachedInputTokens(), usage == null ? 0 : usage.outputTokens(),
                    usage == null ? 0 : usage.reasoningTokens(), costNanos / 1e9);
            for (GuardVerdicts.Verdict verdict : verdicts) {
                metrics.guardVerdict(tenant, verdict.guard(), verdict.action());
            }
            if (cache != null) {
                metrics.cacheLookup(tenant, model, cache == CacheLookups.Result.HIT);
            }
        }
        String cacheText = cache == null ? null : cache.name().toLowerCase(java.util.Locale.ROOT);
        GenAiSpans spans = observability.spans;
        if (spans != null) {
            if (attemptSpan != null) {
                if (answeredBy == attemptDeployment) {
                    spans.attemptAnswered(attemptSpan, facts != null ? facts : new ResponseFacts(false, 0), usage,
                            errorType, owner.redactor);
                } else {
                    attemptSpan.end();
                }
            }
            for (GuardVerdicts.Verdict verdict : verdicts) {
                spans.guardVerdict(span, verdict.guard(), verdict.action());
            }
            spans.endRequest(span, tenant, status, errorType, attempts, cacheText);
        }
        if (observability.requestLog != null) {
            List<String> guards = new ArrayList<>(verdicts.size());
            verdicts.forEach(v -> guards.add(v.guard() + ":" + v.action()));
            String requestBody = observability.logBodies ? requestBody() : null;
            String responseBody = observability.logBodies && facts != null && facts.outputText() != null
                    ? owner.redactor.apply(facts.outputText()) : null;
            Instant arrived = observability.clock.instant().minusNanos(latency);
            observability.requestLog.record(new RequestLogEntry(newId(), exchange.requestId(), arrived,
                    caller != null && caller.tenant() != null ? caller.tenant().id() : null,
                    caller != null && caller.tenant() != null ? caller.tenant().name() : null,
                    caller != null && caller.key() != null ? caller.key().prefix() : null, route,
                    requestedModel(), deployment != null ? deployment.id() : null, attempts, status, errorType,
                    latency / 1000, firstTokenNanos >= 0 ? firstTokenNanos / 1000 : null,
                    usage == null ? 0 : usage.inputTokens(), usage == null ? 0 : usage.outputTokens(), costNanos,
                    streaming(), cacheText, guards, span != null ? span.getSpanContext().getTraceId() : null,
                    requestBody, responseBody));
        }
    }

    private String requestBody() {
        if (exchange.get(AuthInterceptor.CALLER) == null) {
            return null;
        }
        try {
            String body = exchange.body().toString();
            int max = observability.maxBodyChars;
            return owner.redactor.apply(body.length() > max ? body.substring(0, max) : body);
        } catch (RuntimeException e) {
            return null; // not JSON: nothing the log could show
        }
    }

    private String requestedModel() {
        if (exchange.get(AuthInterceptor.CALLER) == null) {
            return null; // an unauthenticated body is never parsed
        }
        try {
            return exchange.requestedModel();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String tenantLabel() {
        return tenantLabel(exchange.get(AuthInterceptor.CALLER));
    }

    private static String tenantLabel(Caller caller) {
        if (caller == null) {
            return GatewayMetrics.ANONYMOUS;
        }
        return caller.tenant() != null ? caller.tenant().name() : GatewayMetrics.MASTER;
    }

    /** The model as a bounded label: the route taken, or a configured model's name, else {@code _unknown}. */
    private String modelLabel() {
        ModelRoute routed = exchange.get(RouteInterceptor.ROUTE);
        if (routed != null) {
            return routed.name();
        }
        String requested = requestedModel();
        return requested != null && owner.models.contains(requested) ? requested : GatewayMetrics.UNKNOWN;
    }

    /** Which gateway limit refused the request, or null when {@code error} is not such a refusal. */
    static String limitOf(ApiError error) {
        if (error.status() != 429 || error.code() == null) {
            return null;
        }
        return switch (error.code()) {
            case "budget_exceeded" -> "budget";
            case "concurrency_limit_exceeded" -> "concurrency";
            case "rate_limit_exceeded" -> "tokens".equals(error.type()) ? "tokens"
                    : "requests".equals(error.type()) ? "requests" : null; // else the upstream's own 429
            default -> null;
        };
    }

    private static String outcome(UpstreamException failure) {
        return switch (failure.kind()) {
            case STATUS -> failure.status() >= 500 ? "status_5xx" : failure.status() == 429 ? "status_429" : "status_4xx";
            case TIMEOUT -> "timeout";
            case CONNECT -> "connect";
            case BROKEN -> "broken";
        };
    }

    private String newId() {
        return "rl_" + HexFormat.of().toHexDigits(observability.random.nextLong())
                + HexFormat.of().toHexDigits(observability.random.nextInt());
    }
}
