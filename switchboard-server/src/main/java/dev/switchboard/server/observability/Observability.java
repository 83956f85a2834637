package dev.switchboard.server.observability;

import dev.switchboard.core.accounting.BudgetAlerts;
import dev.switchboard.core.config.ObservabilityConfig;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.routing.Deployment;
import dev.switchboard.core.routing.ModelRoute;
import dev.switchboard.core.routing.RouteTable;
import dev.switchboard.core.routing.RoutingListener;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.store.FeedbackRepository;
import dev.switchboard.store.RequestLogRepository;
import dev.switchboard.store.RequestLogWriter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * What a gateway tells operators, for its whole life: the Prometheus metrics, the OpenTelemetry
 * tracer, the request log writer and its pruning, and feedback. Per config version it makes the
 * {@code observe} interceptor and the stage wrapper the pipeline is built with; the routing
 * listener it gives out lives as long as the gateway.
 *
 * <p>Each part is off when its config says so, and then costs nothing on the hot path: no
 * metrics, no spans, no entries. Settings take effect at the next start. Thread-safe.
 */
public final class Observability implements AutoCloseable {

    /** The pipeline name of the observing interceptor, which must come first. */
    public static final String STAGE = "observe";

    private static final System.Logger LOG = System.getLogger(Observability.class.getName());
    private static final int REQUEST_LOG_QUEUE = 100_000;

    final ObservabilityConfig config;
    final GatewayMetrics metrics;
    final GenAiSpans spans;
    final RequestLogWriter requestLog;
    final FeedbackRepository feedback;
    final Ticker ticker;
    final InstantSource clock;
    final RandomGenerator random;
    final boolean captureContent;
    final boolean logBodies;
    final int maxBodyChars;
    /** Tenant names by id, as requests pass, for budget gauges (budgets know only ids). */
    final Map<String, String> tenantNames = new ConcurrentHashMap<>();
    private final Tracing tracing;
    private final RequestLogRepository requestLogRepository;
    private final RoutingListener listener;
    private final Thread pruner;

    private Observability(ObservabilityConfig config, Tracing tracing, RequestLogRepository requestLogs,
                          FeedbackRepository feedback, Ticker ticker, InstantSource clock, RandomGenerator random) {
        this.config = config;
        this.metrics = config.metrics().enabled() ? new GatewayMetrics(true) : null;
        this.tracing = tracing;
        this.spans = tracing != null ? tracing.spans() : null;
        ObservabilityConfig.RequestLog log = config.requestLog();
        this.requestLogRepository = requestLogs;
        this.requestLog = log.enabled() ? new RequestLogWriter(requestLogs, REQUEST_LOG_QUEUE, log.flushInterval()) : null;
        this.feedback = feedback;
        this.ticker = ticker;
        this.clock = clock;
        this.random = random;
        this.captureContent = config.tracing().captureContent();
        this.logBodies = log.enabled() && log.bodies();
        this.maxBodyChars = log.maxBodyChars();
        this.listener = new ObservingRoutingListener(this);
        this.pruner = requestLog != null ? Thread.ofPlatform().daemon().name("switchboard-request-log-prune")
                .start(() -> prune(log.retention(), log.pruneInterval())) : null;
        if (metrics != null && requestLog != null) {
            metrics.gauge("switchboard_request_log_pending", "Request log entries queued and not yet written",
                    requestLog::pending);
            metrics.gauge("switchboard_request_log_dropped", "Request log entries dropped because the queue was full",
                    requestLog::dropped);
        }
    }

    /**
     * Starts what {@code config} turns on.
     *
     * @param exporter where spans go instead of OTLP (tests); null to follow the config
     */
    public static Observability start(ObservabilityConfig config, RequestLogRepository requestLogs,
                                      FeedbackRepository feedback, Ticker ticker, InstantSource clock,
                                      RandomGenerator random, SpanExporter exporter) {
        Tracing tracing = exporter != null ? Tracing.to(exporter, config.tracing())
                : config.tracing().enabled() ? Tracing.otlp(config.tracing()) : null;
        return new Observability(config, tracing, requestLogs, feedback, ticker, clock, random);
    }

    /** The listener the router tells about attempts, fallbacks and breakers. */
    public RoutingListener routingListener() {
        return listener;
    }

    /** True when anything (metrics, traces, the request log) observes requests. */
    public boolean observesRequests() {
        return metrics != null || spans != null || requestLog != null;
    }

    /**
     * The first interceptor of a pipeline built from {@code config}, named {@value #STAGE}.
     *
     * @param redactor replaces personal data in span content and logged bodies
     */
    public Interceptor interceptor(SwitchboardConfig config, RouteTable routes, UnaryOperator<String> redactor) {
        return new ObserveInterceptor(this, config, new java.util.HashSet<>(routes.names()), redactor);
    }

    /** Wraps each pipeline stage in a span of its own when tracing is on; else leaves it as it is. */
    public BiFunction<String, Interceptor, Interceptor> stages() {
        if (spans == null) {
            return (name, interceptor) -> interceptor;
        }
        return (name, interceptor) -> StageSpans.wrap(name, interceptor, spans);
    }

    /** {@code alerts}, also setting the budget gauge of the tenant whose budget was charged. */
    public BudgetAlerts budgetAlerts(BudgetAlerts alerts) {
        if (metrics == null) {
            return alerts;
        }
        return (budget, before, after) -> {
            alerts.check(budget, before, after);
            if (budget.scope().startsWith("tenant:") && budget.limitNanos() > 0) { // key ids are not labels
                String name = tenantNames.get(budget.scope().substring("tenant:".length()));
                if (name != null) {
                    metrics.budgetSpent(name, budget.period().label(), (double) after / budget.limitNanos());
                }
            }
        };
    }

    /** Reads each deployment's in-flight count and breaker state from the current routes at every scrape. */
    public void watchDeployments(Supplier<RouteTable> routes) {
        if (metrics == null) {
            return;
        }
        metrics.watchDeployments(() -> {
            Map<String, GatewayMetrics.DeploymentState> states = new LinkedHashMap<>();
            RouteTable table = routes.get();
            for (String name : table.names()) {
                ModelRoute route = table.find(name);
                for (Deployment d : route.deployments()) {
                    states.putIfAbsent(d.id(), new GatewayMetrics.DeploymentState(d.id(), d.health().outstanding(),
                            d.health().breaker().isOpen()));
                }
            }
            return new ArrayList<>(states.values());
        });
    }

    /**
     * Counts a request refused before the pipeline (load shed, body too large or unreadable, unknown
     * path) in {@code switchboard_requests_total}, with tenant, model and deployment unknown.
     * {@code route} must be a bounded label value (a known endpoint, or {@link GatewayMetrics#UNKNOWN}).
     */
    public void requestRefused(String route, int status) {
        if (metrics != null) {
            metrics.requestRefused(route, status);
        }
    }

    /** Records the gateway's own time on a model request to {@code route} when metrics are on. */
    public void gatewayOverhead(String route, long nanos) {
        if (metrics != null) {
            metrics.gatewayOverhead(route, nanos);
        }
    }

    /** The metrics, or null when they are off. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The request log writer (it finds queued entries too), or null when the log is off. */
    public RequestLogWriter requestLog() {
        return requestLog;
    }

    public RequestLogRepository requestLogRepository() {
        return requestLogRepository;
    }

    public FeedbackRepository feedback() {
        return feedback;
    }

    /** Records feedback in the metrics (labels as for requests). */
    void feedbackGiven(String tenant, String model, String route, boolean accepted) {
        if (metrics != null) {
            metrics.feedback(tenant, model, route, accepted);
        }
    }

    /** Deletes request log entries past the retention every {@code interval}, first at start. */
    private void prune(Duration retention, Duration interval) {
        while (true) {
            try {
                int pruned = requestLogRepository.pruneBefore(clock.instant().minus(retention));
                if (pruned > 0) {
                    LOG.log(System.Logger.Level.INFO, "pruned " + pruned + " request log entries past their retention");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not prune the request log (retrying at the next interval): "
                        + e.getMessage());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes queued request log entries and buffered spans, then stops. */
    @Override
    public void close() {
        if (pruner != null) {
            pruner.interrupt();
        }
        if (requestLog != null) {
            requestLog.close();
        }
        if (tracing != null) {
            tracing.close();
        }
    }
}
