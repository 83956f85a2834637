package dev.switchboard.core.routing;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.ChatChunks;
import dev.switchboard.core.observe.TraceParent;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.core.spi.UpstreamRequest;
import dev.switchboard.core.time.Sleeper;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.core.time.Watchdog;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The last interceptor: sends the request upstream, with retries, fallbacks and circuit breaking.
 *
 * <p>For the model the {@link RouteInterceptor} chose, up to {@code 1 + retries} attempts go to
 * deployments picked by the model's balancer among those whose circuit allows traffic, preferring
 * deployments this request has not tried yet; re-trying one waits a jittered, doubling backoff (or
 * its {@code retry-after}). Then each fallback model gets the same treatment, in order.
 *
 * <p>An attempt succeeds when its first token arrives (for streams: the first chunk carrying
 * output), before anything is sent to the client, so everything up to the first token can still
 * fall back. What breaks later fails the
 * client's stream, never silently ends it. Upstream errors that blame the request (400, 413, 422)
 * go back to the client as they are, without retries.
 */
public final class CallInterceptor implements Interceptor {

    /** Response header naming the deployment that answered. */
    public static final String DEPLOYMENT_HEADER = "x-switchboard-deployment";

    /** The deployment that answered (set once an attempt succeeded). */
    public static final Attribute<Deployment> DEPLOYMENT = Attribute.named("deployment");

    private final RouteTable routes;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final RoutingListener listener;

    public CallInterceptor(RouteTable routes, Ticker ticker, Sleeper sleeper, RandomGenerator random,
                           RoutingListener listener) {
        this.routes = routes;
        this.ticker = ticker;
        this.sleeper = sleeper;
        this.random = random;
        this.listener = listener;
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        ModelRoute primary = exchange.get(RouteInterceptor.ROUTE);
        if (primary == null) {
            throw new IllegalStateException("the call interceptor needs the route interceptor before it");
        }
        Duration total = primary.timeouts().total();
        long deadline = total.isZero() ? Watchdog.NONE : exchange.startNanos() + total.toNanos();
        Attempts attempts = new Attempts(primary.name());
        ModelRoute model = primary;
        for (int fallback = 0; ; fallback++) {
            Response response = callModel(exchange, model, attempts, deadline);
            if (response != null) {
                return response.withHeader(Attempts.HEADER, Integer.toString(attempts.count()));
            }
            if (fallback >= primary.fallbacks().size() || attempts.isDeadlineReached()) {
                throw attempts.failure(ticker.read());
            }
            ModelRoute next = routes.find(primary.fallbacks().get(fallback));
            listener.fallback(exchange, model.name(), next.name());
            model = next;
        }
    }

    /** Tries one model; null when it is exhausted. */
    private Response callModel(Exchange exchange, ModelRoute model, Attempts attempts, long deadline) {
        Set<Deployment> tried = new HashSet<>(4);
        Set<Deployment> skipped = new HashSet<>(2);
        for (int attempt = 0; attempt <= model.retries(); attempt++) {
            if (deadline != Watchdog.NONE && ticker.read() - deadline >= 0) {
                attempts.deadlineReached();
                return null;
            }
            Choice choice = choose(model, tried, skipped);
            if (choice == null && !tried.isEmpty()) {
                // Every usable deployment is resting after a failure: wait for the first to reopen if
                // that is within what we would wait for a retry-after anyway.
                long wait = earliestAvailable(model, skipped) - ticker.read();
                if (wait > model.maxRetryAfter().toNanos()) {
                    return null;
                }
                if (!sleep(exchange, wait, deadline)) {
                    attempts.deadlineReached();
                    return null;
                }
                choice = choose(model, tried, skipped);
            } else if (choice != null && tried.contains(choice.deployment)
                    && !sleep(exchange, backoff(model, attempt, attempts.retryAfter(choice.deployment)), deadline)) {
                choice.deployment.health().breaker().release(choice.permit);
                attempts.deadlineReached();
                return null;
            }
            if (choice == null) {
                if (tried.isEmpty()) {
                    attempts.nothingAvailable(model, earliestAvailable(model, skipped));
                }
                return null;
            }
            Deployment deployment = choice.deployment;
            tried.add(deployment);
            try {
                return attempt(exchange, model, choice, attempts, deadline);
            } catch (UpstreamException e) {
                if (!e.retryable()) {
                    throw attempts.clientFailure(e);
                }
                if (e.retryAfter() != null && e.retryAfter().compareTo(model.maxRetryAfter()) > 0) {
                    skipped.add(deployment);
                }
            }
        }
        return null;
    }

    private Response attempt(Exchange exchange, ModelRoute model, Choice choice, Attempts attempts, long deadline) {
        Deployment deployment = choice.deployment;
        DeploymentHealth health = deployment.health();
        listener.attemptStarted(exchange, deployment, attempts.started());
        health.requestStarted();
        long sent = ticker.read();
        EventStream stream = null;
        try {
            stream = deployment.provider().open(new UpstreamRequest(exchange.operation(), deployment.upstreamModel(),
                    exchange.body(), exchange.stream(), exchange.requestId(), model.timeouts(), deadline,
                    exchange.get(TraceParent.UPSTREAM), exchange.upstreamWait()));
            List<Event> head = firstOutput(stream, exchange.stream(), deployment);
            long now = ticker.read();
            health.recordLatency(now - sent, now);
            health.breaker().onSuccess(choice.permit);
            listener.firstEvent(exchange, deployment, now - sent);
            exchange.put(DEPLOYMENT, deployment);
            return Response.of(new TrackedStream(head, stream, deployment, exchange, listener, ticker))
                    .withHeader(DEPLOYMENT_HEADER, deployment.id());
        } catch (UpstreamException e) {
            if (stream != null) {
                stream.close();
            }
            health.requestEnded();
            if (e.retryable()) {
                health.recordFailure(ticker.read() - sent, ticker.read());
                Duration retryAfter = e.retryAfter();
                health.breaker().onFailure(choice.permit, ticker.read(), retryAfter != null ? retryAfter.toNanos() : 0);
            } else {
                health.breaker().onSuccess(choice.permit); // it answered: the request was at fault
            }
            attempts.failed(deployment, e);
            listener.attemptFailed(exchange, deployment, e);
            throw e;
        } catch (RuntimeException e) {
            if (stream != null) {
                stream.close();
            }
            health.requestEnded();
            health.breaker().release(choice.permit);
            throw e;
        }
    }

    /**
     * Reads up to the first event that carries output (for a stream: past preliminary chunks such
     * as the bare assistant role), so that an upstream that stalls before its first token can still
     * be left for another. Returns the events read, in order.
     */
    private static List<Event> firstOutput(EventStream stream, boolean streaming, Deployment deployment) {
        List<Event> head = new ArrayList<>(2);
        while (true) {
            Event event = stream.next();
            if (event == null) {
                throw UpstreamException.broken(deployment.id() + ": the stream ended before its first token", null);
            }
            head.add(event);
            try {
                if (!streaming || ChatChunks.carriesOutput(event)) {
                    return head;
                }
            } catch (UncheckedIOException e) {
                throw UpstreamException.broken(deployment.id() + ": sent an event that is not a JSON object", e);
            }
        }
    }

    private Choice choose(ModelRoute model, Set<Deployment> tried, Set<Deployment> skipped) {
        long now = ticker.read();
        List<Deployment> untried = new ArrayList<>(model.deployments().size());
        List<Deployment> again = new ArrayList<>(tried.size());
        for (Deployment d : model.deployments()) {
            if (d.weight() > 0 && !skipped.contains(d) && d.health().breaker().available(now)) {
                (tried.contains(d) ? again : untried).add(d);
            }
        }
        for (List<Deployment> pool : List.of(untried, again)) {
            while (!pool.isEmpty()) {
                Deployment d = model.balancer().pick(pool, random);
                CircuitBreaker.Permit permit = d.health().breaker().tryAcquire(now);
                if (permit != CircuitBreaker.Permit.DENIED) {
                    return new Choice(d, permit);
                }
                pool.remove(d); // its probe was taken by a concurrent request
            }
        }
        return null;
    }

    /** When the first deployment of {@code model} that is not skipped may take traffic again. */
    private long earliestAvailable(ModelRoute model, Set<Deployment> skipped) {
        long now = ticker.read();
        long earliest = Long.MAX_VALUE;
        for (Deployment d : model.deployments()) {
            if (d.weight() > 0 && !skipped.contains(d)) {
                long at = d.health().breaker().availableAt(now);
                earliest = earliest == Long.MAX_VALUE || at - earliest < 0 ? at : earliest;
            }
        }
        return earliest == Long.MAX_VALUE ? now : earliest;
    }

    /**
     * The wait before re-trying a deployment: doubling from {@code retryBackoff} up to
     * {@code retryBackoffMax}, jittered down by up to half, and at least the deployment's
     * {@code retry-after}.
     */
    private long backoff(ModelRoute model, int attempt, Duration retryAfter) {
        long base = model.retryBackoff().toNanos() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, 0), model.retryBackoffMax().toNanos());
        long wait = capped / 2 + (long) (random.nextDouble() * (capped / 2.0));
        return retryAfter != null ? Math.max(wait, retryAfter.toNanos()) : wait;
    }

    /**
     * Sleeps {@code nanos}, counted as the exchange's upstream wait (a back-off, or waiting for a
     * deployment to be available again); false, without sleeping, if that would pass the deadline.
     */
    private boolean sleep(Exchange exchange, long nanos, long deadline) {
        if (nanos <= 0) {
            return true;
        }
        if (deadline != Watchdog.NONE && ticker.read() + nanos - deadline >= 0) {
            return false;
        }
        long start = System.nanoTime();
        try {
            sleeper.sleep(Duration.ofNanos(nanos));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(new ApiError(503, "server_error", "shutting_down",
                    null, "The gateway is shutting down; retry the request."));
        } finally {
            exchange.upstreamWait().add(start, System.nanoTime());
        }
    }

    private record Choice(Deployment deployment, CircuitBreaker.Permit permit) {
    }
}
