package dev.switchboard.server;

import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.routing.Deployment;
import dev.switchboard.core.routing.RoutingListener;
import dev.switchboard.core.spi.UpstreamException;
import java.util.function.Supplier;

/** Routing listeners told together. */
final class RoutingListeners {

    private RoutingListeners() {
    }

    /**
     * Tells {@code first}, then the listener {@code second} supplies at the time of each event (one
     * that exists only once the gateway has started).
     */
    static RoutingListener both(RoutingListener first, Supplier<RoutingListener> second) {
        return new RoutingListener() {
            @Override
            public void attemptStarted(Exchange exchange, Deployment deployment, int attempt) {
                first.attemptStarted(exchange, deployment, attempt);
                second.get().attemptStarted(exchange, deployment, attempt);
            }

            @Override
            public void attemptFailed(Exchange exchange, Deployment deployment, UpstreamException failure) {
                first.attemptFailed(exchange, deployment, failure);
                second.get().attemptFailed(exchange, deployment, failure);
            }

            @Override
            public void firstEvent(Exchange exchange, Deployment deployment, long nanos) {
                first.firstEvent(exchange, deployment, nanos);
                second.get().firstEvent(exchange, deployment, nanos);
            }

            @Override
            public void fallback(Exchange exchange, String from, String to) {
                first.fallback(exchange, from, to);
                second.get().fallback(exchange, from, to);
            }

            @Override
            public void breakerOpened(String deploymentId) {
                first.breakerOpened(deploymentId);
                second.get().breakerOpened(deploymentId);
            }

            @Override
            public void breakerClosed(String deploymentId) {
                first.breakerClosed(deploymentId);
                second.get().breakerClosed(deploymentId);
            }
        };
    }
}
