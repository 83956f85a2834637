package dev.switchboard.core.routing;

import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.spi.UpstreamException;

/**
 * Told what routing does, as it happens (OkHttp's {@code EventListener} idea): the hook for logs,
 * metrics and traces. Every method has a no-op default. Calls come from request threads and must
 * not block.
 */
public interface RoutingListener {

    RoutingListener NONE = new RoutingListener() {
    };

    /** An attempt is about to be sent. */
    default void attemptStarted(Exchange exchange, Deployment deployment, int attempt) {
    }

    /** An attempt failed before its first event, or its stream broke later. */
    default void attemptFailed(Exchange exchange, Deployment deployment, UpstreamException failure) {
    }

    /** The first event of an attempt arrived, {@code nanos} after it was sent. */
    default void firstEvent(Exchange exchange, Deployment deployment, long nanos) {
    }

    /** Every attempt on {@code from} failed; {@code to} is tried next. */
    default void fallback(Exchange exchange, String from, String to) {
    }

    /** A deployment's circuit breaker opened. */
    default void breakerOpened(String deploymentId) {
    }

    /** A deployment's circuit breaker closed again. */
    default void breakerClosed(String deploymentId) {
    }
}
