package dev.switchboard.server.observability;

import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.routing.Deployment;
import dev.switchboard.core.routing.RoutingListener;
import dev.switchboard.core.spi.UpstreamException;

/**
 * Passes routing events to the request's {@link RequestObservation} (attempt spans, retries,
 * fallbacks) and breaker changes to the metrics. Requests without an observation (observability
 * off) are ignored. Never blocks.
 */
final class ObservingRoutingListener implements RoutingListener {

    private final Observability observability;

    ObservingRoutingListener(Observability observability) {
        this.observability = observability;
    }

    @Override
    public void attemptStarted(Exchange exchange, Deployment deployment, int attempt) {
        RequestObservation observation = exchange.get(RequestObservation.KEY);
        if (observation != null) {
            observation.attemptStarted(deployment, attempt);
        }
    }

    @Override
    public void attemptFailed(Exchange exchange, Deployment deployment, UpstreamException failure) {
        RequestObservation observation = exchange.get(RequestObservation.KEY);
        if (observation != null) {
            observation.attemptFailed(deployment, failure);
        }
    }

    @Override
    public void firstEvent(Exchange exchange, Deployment deployment, long nanos) {
        RequestObservation observation = exchange.get(RequestObservation.KEY);
        if (observation != null) {
            observation.firstUpstreamEvent(deployment);
        }
    }

    @Override
    public void fallback(Exchange exchange, String from, String to) {
        RequestObservation observation = exchange.get(RequestObservation.KEY);
        if (observation != null) {
            observation.fallback(from, to);
        }
    }

    @Override
    public void breakerOpened(String deploymentId) {
        if (observability.metrics != null) {
            observability.metrics.breakerOpened(deploymentId);
        }
    }
}
