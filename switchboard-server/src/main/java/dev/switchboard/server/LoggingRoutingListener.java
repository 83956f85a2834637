package dev.switchboard.server;

import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.routing.Deployment;
import dev.switchboard.core.routing.RoutingListener;
import dev.switchboard.core.spi.UpstreamException;

/** Logs routing decisions operators need to see: failed attempts, fallbacks, breaker changes. */
final class LoggingRoutingListener implements RoutingListener {

    private static final System.Logger LOG = System.getLogger("dev.switchboard.routing");

    @Override
    public void attemptFailed(Exchange exchange, Deployment deployment, UpstreamException failure) {
        LOG.log(System.Logger.Level.INFO, () -> "request " + exchange.requestId() + ": attempt on "
                + deployment.id() + " failed: " + failure.getMessage());
    }

    @Override
    public void fallback(Exchange exchange, String from, String to) {
        LOG.log(System.Logger.Level.INFO, () -> "request " + exchange.requestId() + ": falling back from model '"
                + from + "' to '" + to + "'");
    }

    @Override
    public void breakerOpened(String deploymentId) {
        LOG.log(System.Logger.Level.WARNING, () -> "circuit opened for deployment " + deploymentId
                + ": no traffic until its cooldown ends and a probe succeeds");
    }

    @Override
    public void breakerClosed(String deploymentId) {
        LOG.log(System.Logger.Level.INFO, () -> "circuit closed for deployment " + deploymentId + ": it takes traffic again");
    }
}
