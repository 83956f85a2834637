package dev.switchboard.core.routing;

import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.core.time.Ticker;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A successful attempt's events, starting with those the router already read up to the first
 * token, that tells the deployment's health when the stream ends or breaks.
 */
final class TrackedStream implements EventStream {

    private final EventStream upstream;
    private final Deployment deployment;
    private final Exchange exchange;
    private final RoutingListener listener;
    private final Ticker ticker;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Event> head;
    private int headIndex;

    TrackedStream(List<Event> head, EventStream upstream, Deployment deployment, Exchange exchange,
                  RoutingListener listener, Ticker ticker) {
        this.head = head;
        this.upstream = upstream;
        this.deployment = deployment;
        this.exchange = exchange;
        this.listener = listener;
        this.ticker = ticker;
    }

    @Override
    public Event next() {
        if (headIndex < head.size()) {
            return head.get(headIndex++);
        }
        Event event;
        try {
            event = upstream.next();
        } catch (UpstreamException e) {
            if (end()) {
                deployment.health().breaker().onFailure(CircuitBreaker.Permit.GRANTED, ticker.read(), 0);
                listener.attemptFailed(exchange, deployment, e);
            }
            throw e;
        }
        if (event == null) {
            end();
        }
        return event;
    }

    @Override
    public void close() {
        upstream.close();
        end();
    }

    /** Counts the request out of its deployment once; true the first time. */
    private boolean end() {
        if (ended.compareAndSet(false, true)) {
            deployment.health().requestEnded();
            return true;
        }
        return false;
    }
}
