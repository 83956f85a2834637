package dev.switchboard.server.observability;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every Prometheus metric the gateway exports, and the methods that record them. The names and
 * labels here are the contract the Grafana dashboards in {@code deploy/grafana} are built on.
 *
 * <p>Labels are bounded: tenant names, configured model and deployment names, endpoints, status
 * codes, guard and action names — never key ids, request ids or client-chosen text (a model name
 * no route knows is recorded as {@value #UNKNOWN}).
 *
 * <p>Hot path: the per-request series (by tenant, model, deployment, route) are looked up once
 * per request in one map and their data points kept, so recording a request is a handful of
 * lock-free adds (Prometheus' {@code LongAdder}-based data points), not a label lookup per metric.
 * Thread-safe.
 */
public final class GatewayMetrics {

    /** Label value for the master key's requests, which have no tenant. */
    public static final String MASTER = "_master";
    /** Label value for requests whose caller is not known (authentication failed). */
    public static final String ANONYMOUS = "_anonymous";
    /** Label value for a model or deployment that is not known or not reached. */
    public static final String UNKNOWN = "_unknown";
    /** Label value for "no deployment answered". */
    public static final String NONE = "_none";

    /** GenAI semantic conventions' bucket advice for durations: 0.01 s doubling to 81.92 s. */
    static final double[] GENAI_SECONDS_BUCKETS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24,
            20.48, 40.96, 81.92};

    /**
     * Buckets of the gateway's own time per request: fine below 5 ms, where its targets are
     * (0.1 ms steps to 1 ms, then 0.25–0.5 ms steps), coarse above.
     */
    static final double[] OVERHEAD_SECONDS_BUCKETS = {0.0001, 0.0002, 0.0003, 0.0004, 0.0005, 0.0006, 0.0007,
            0.0008, 0.0009, 0.001, 0.00125, 0.0015, 0.00175, 0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045, 0.005,
            0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

    private static final String[] REQUEST_LABELS = {"tenant", "model", "deployment", "route"};
    private static final String[] STATUS_TEXT = new String[600];

    static {
        for (int i = 0; i < STATUS_TEXT.length; i++) {
            STATUS_TEXT[i] = Integer.toString(i);
        }
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram duration;
    private final Histogram timeToFirstToken;
    private final Histogram overhead;
    private final Counter tokens;
    private final Counter cost;
    /** Requests in flight: an adder read at scrape time, so that two updates per request never contend. */
    private final LongAdder inFlight = new LongAdder();
    private final Counter fallbacks;
    private final Counter retries;
    private final Counter attempts;
    private final Counter breakerOpenings;
    private final Counter rateLimitRejections;
    private final Gauge budgetSpent;
    private final Counter guardVerdicts;
    private final Counter cacheLookups;
    private final Counter feedback;
    private final Map<SeriesKey, Series> series = new ConcurrentHashMap<>();

    /** @param withJvm also export the JVM's memory, GC, thread and class-loading metrics */
    public GatewayMetrics(boolean withJvm) {
        requests = Counter.builder().name("switchboard_requests_total")
                .help("Requests by tenant, model, deployment, endpoint and HTTP status")
                .labelNames("tenant", "model", "deployment", "route", "status").withoutExemplars().register(registry);
        duration = Histogram.builder().name("switchboard_request_duration_seconds")
                .help("Time from a request's arrival to the last byte of its answer")
                .labelNames(REQUEST_LABELS).classicOnly().classicUpperBounds(GENAI_SECONDS_BUCKETS)
                .withoutExemplars().register(registry);
        timeToFirstToken = Histogram.builder().name("switchboard_time_to_first_token_seconds")
                .help("Time from a streamed request's arrival to its first token reaching the client")
                .labelNames(REQUEST_LABELS).classicOnly().classicUpperBounds(GENAI_SECONDS_BUCKETS)
                .withoutExemplars().register(registry);
        overhead = Histogram.builder().name("switchboard_gateway_overhead_seconds")
                .help("The gateway's own time per model request: from its arrival until the answer (streams: the"
                        + " head, after the first token) is ready to send, minus time waiting on upstreams")
                .labelNames("route").classicOnly().classicUpperBounds(OVERHEAD_SECONDS_BUCKETS)
                .withoutExemplars().register(registry);
        tokens = Counter.builder().name("switchboard_tokens_total")
                .help("Tokens by type: input (cached included), cached_input, output (reasoning included), reasoning")
                .labelNames("tenant", "model", "deployment", "route", "type").withoutExemplars().register(registry);
        cost = Counter.builder().name("switchboard_cost_usd_total").help("Cost of requests in US dollars")
                .labelNames(REQUEST_LABELS).withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("switchboard_in_flight_requests")
                .help("Requests the gateway is serving now (its queue depth: nothing waits apart from these)")
                .callback(callback -> callback.call(inFlight.sum())).register(registry);
        fallbacks = Counter.builder().name("switchboard_fallbacks_total")
                .help("Requests that moved to a fallback model after every attempt on a model failed")
                .labelNames("tenant", "from_model", "to_model").withoutExemplars().register(registry);
        retries = Counter.builder().name("switchboard_retries_total")
                .help("Attempts beyond the first on the same model").labelNames("tenant", "model")
                .withoutExemplars().register(registry);
        attempts = Counter.builder().name("switchboard_upstream_attempts_total")
                .help("Upstream attempts by deployment and outcome (ok, connect, timeout, status_4xx, status_5xx, broken)")
                .labelNames("deployment", "outcome").withoutExemplars().register(registry);
        breakerOpenings = Counter.builder().name("switchboard_circuit_breaker_openings_total")
                .help("Times a deployment's circuit breaker opened").labelNames("deployment")
                .withoutExemplars().register(registry);
        rateLimitRejections = Counter.builder().name("switchboard_rate_limit_rejections_total")
                .help("Requests the gateway refused for a limit: requests, tokens, concurrency or budget")
                .labelNames("tenant", "limit").withoutExemplars().register(registry);
        budgetSpent = Gauge.builder().name("switchboard_budget_spent_ratio")
                .help("Share of a tenant's budget spent in the current period, as of its last charge on this replica")
                .labelNames("tenant", "period").withoutExemplars().register(registry);
        guardVerdicts = Counter.builder().name("switchboard_guard_verdicts_total")
                .help("Guard decisions by guard and action").labelNames("tenant", "guard", "action")
                .withoutExemplars().register(registry);
        cacheLookups = Counter.builder().name("switchboard_cache_requests_total")
                .help("Response cache lookups by result (hit, miss)").labelNames("tenant", "model", "result")
                .withoutExemplars().register(registry);
        feedback = Counter.builder().name("switchboard_feedback_total")
                .help("Feedback on answers; acceptance rate = accepted=\"true\" / all")
                .labelNames("tenant", "model", "route", "accepted").withoutExemplars().register(registry);
        if (withJvm) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** Where every metric is registered, for the exposition and for gauges added by others. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Registers the load-shedding metrics, read at every scrape: the server's scheduling delay (how
     * long runnable work waits for a CPU) and the requests refused because of it.
     */
    public void watchLoadShedding(java.util.function.LongSupplier delayNanos, java.util.function.LongSupplier shed) {
        GaugeWithCallback.builder().name("switchboard_scheduling_delay_seconds")
                .help("How long runnable work waits for a CPU (smoothed); above server.max_scheduling_delay requests are shed")
                .callback(callback -> callback.call(delayNanos.getAsLong() / 1e9)).register(registry);
        CounterWithCallback.builder().name("switchboard_requests_shed_total")
                .help("Requests refused with 503 server_overloaded because the server was overloaded")
                .callback(callback -> callback.call(shed.getAsLong())).register(registry);
    }

    /** One deployment's live state, read at scrape time. */
    public record DeploymentState(String deployment, int inFlight, boolean breakerOpen) {
    }

    /**
     * Registers the per-deployment gauges, read from {@code deployments} at every scrape (nothing
     * is recorded per request): upstream requests in flight and whether the breaker is open.
     */
    public void watchDeployments(java.util.function.Supplier<List<DeploymentState>> deployments) {
        GaugeWithCallback.builder().name("switchboard_upstream_in_flight_requests")
                .help("Requests in flight to each deployment (autoscale an upstream on this)")
                .labelNames("deployment")
                .callback(callback -> deployments.get().forEach(d -> callback.call(d.inFlight(), d.deployment())))
                .register(registry);
        GaugeWithCallback.builder().name("switchboard_circuit_breaker_open")
                .help("1 while a deployment's circuit breaker is open (it gets no traffic), else 0")
                .labelNames("deployment")
                .callback(callback -> deployments.get().forEach(d -> callback.call(d.breakerOpen() ? 1 : 0,
                        d.deployment())))
                .register(registry);
    }

    /** Registers a gauge read at scrape time, e.g. a write-behind queue's length. */
    public void gauge(String name, String help, java.util.function.DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsDouble())).register(registry);
    }

    /** A request started. */
    void requestStarted() {
        inFlight.increment();
    }

    /**
     * A request ended.
     *
     * @param ttftNanos time to first token, or a negative number when the request did not stream
     * @param usage its tokens; {@code costUsd} its price
     */
    void requestEnded(String tenant, String model, String deployment, String route, int status, long durationNanos,
                      long ttftNanos, long inputTokens, long cachedInputTokens, long outputTokens, long reasoningTokens,
                      double costUsd) {
        inFlight.decrement();
        SeriesKey key = new SeriesKey(tenant, model, deployment, route);
        Series s = series.get(key); // no bin lock for a series that exists, as nearly every one does
        if (s == null) {
            s = series.computeIfAbsent(key, this::newSeries);
        }
        s.status(status).inc();
        s.duration.observe(durationNanos / 1e9);
        if (ttftNanos >= 0) {
            s.timeToFirstToken.observe(ttftNanos / 1e9);
        }
        if (inputTokens > 0) {
            s.inputTokens.inc(inputTokens);
        }
        if (cachedInputTokens > 0) {
            s.cachedInputTokens.inc(cachedInputTokens);
        }
        if (outputTokens > 0) {
            s.outputTokens.inc(outputTokens);
        }
        if (reasoningTokens > 0) {
            s.reasoningTokens.inc(reasoningTokens);
        }
        if (costUsd > 0) {
            s.cost.inc(costUsd);
        }
    }

    /** The gateway's own time on a model request to {@code route} (see {@code Server-Timing}). */
    public void gatewayOverhead(String route, long nanos) {
        overhead.labelValues(route).observe(nanos / 1e9);
    }

    /** A request refused before the pipeline knew its caller or model: counted by route and status only. */
    void requestRefused(String route, int status) {
        requests.labelValues(ANONYMOUS, UNKNOWN, NONE, route, statusText(status)).inc();
    }

    void fallback(String tenant, String from, String to) {
        fallbacks.labelValues(tenant, from, to).inc();
    }

    void retry(String tenant, String model) {
        retries.labelValues(tenant, model).inc();
    }

    void attempt(String deployment, String outcome) {
        attempts.labelValues(deployment, outcome).inc();
    }

    void breakerOpened(String deployment) {
        breakerOpenings.labelValues(deployment).inc();
    }

    void rateLimited(String tenant, String limit) {
        rateLimitRejections.labelValues(tenant, limit).inc();
    }

    void budgetSpent(String tenant, String period, double ratio) {
        budgetSpent.labelValues(tenant, period).set(ratio);
    }

    void guardVerdict(String tenant, String guard, String action) {
        guardVerdicts.labelValues(tenant, guard, action).inc();
    }

    void cacheLookup(String tenant, String model, boolean hit) {
        cacheLookups.labelValues(tenant, model, hit ? "hit" : "miss").inc();
    }

    void feedback(String tenant, String model, String route, boolean accepted) {
        feedback.labelValues(tenant, model, route, accepted ? "true" : "false").inc();
    }

    private static String statusText(int status) {
        return status >= 0 && status < STATUS_TEXT.length ? STATUS_TEXT[status] : Integer.toString(status);
    }

    private Series newSeries(SeriesKey key) {
        return new Series(key, this);
    }

    private record SeriesKey(String tenant, String model, String deployment, String route) {
    }

    /** The data points of one tenant × model × deployment × route, looked up once. */
    private static final class Series {
        private final SeriesKey key;
        private final Counter requests;
        private final DistributionDataPoint duration;
        private final DistributionDataPoint timeToFirstToken;
        private final CounterDataPoint inputTokens;
        private final CounterDataPoint cachedInputTokens;
        private final CounterDataPoint outputTokens;
        private final CounterDataPoint reasoningTokens;
        private final CounterDataPoint cost;
        private final Map<Integer, CounterDataPoint> byStatus = new ConcurrentHashMap<>(4);
        // the common status, without boxing or a map lookup
        private volatile CounterDataPoint ok;

        Series(SeriesKey key, GatewayMetrics metrics) {
            this.key = key;
            this.requests = metrics.requests;
            this.duration = metrics.duration.labelValues(key.tenant, key.model, key.deployment, key.route);
            this.timeToFirstToken = metrics.timeToFirstToken.labelValues(key.tenant, key.model, key.deployment,
                    key.route);
            this.inputTokens = metrics.tokens.labelValues(key.tenant, key.model, key.deployment, key.route, "input");
            this.cachedInputTokens = metrics.tokens.labelValues(key.tenant, key.model, key.deployment, key.route,
                    "cached_input");
            this.outputTokens = metrics.tokens.labelValues(key.tenant, key.model, key.deployment, key.route, "output");
            this.reasoningTokens = metrics.tokens.labelValues(key.tenant, key.model, key.deployment, key.route,
                    "reasoning");
            this.cost = metrics.cost.labelValues(key.tenant, key.model, key.deployment, key.route);
        }

        CounterDataPoint status(int status) {
            if (status == 200) {
                CounterDataPoint point = ok;
                if (point == null) {
                    ok = point = point(200);
                }
                return point;
            }
            return byStatus.computeIfAbsent(status, this::point);
        }

        private CounterDataPoint point(int status) {
            return requests.labelValues(key.tenant, key.model, key.deployment, key.route, statusText(status));
        }
    }
}
