package dev.switchboard.core.routing;

import dev.switchboard.core.config.BreakerConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DeploymentHealth} of every deployment, kept across config reloads: a deployment whose
 * identity and breaker settings did not change keeps its breaker state, its latency average and
 * its in-flight count. Thread-safe.
 */
public final class HealthRegistry {

    private final Map<String, DeploymentHealth> byKey = new ConcurrentHashMap<>();
    private final RoutingListener listener;

    public HealthRegistry(RoutingListener listener) {
        this.listener = listener;
    }

    /**
     * The health of the deployment identified by {@code identity} (everything that makes it the
     * same upstream: provider, URL, model), created on first use.
     */
    DeploymentHealth healthOf(String deploymentId, String identity, BreakerConfig breaker) {
        String key = identity + '\n' + breaker.failureThreshold() + '\n' + breaker.cooldown();
        return byKey.computeIfAbsent(key, k -> new DeploymentHealth(new CircuitBreaker(
                breaker.failureThreshold(), breaker.cooldown().toNanos(), new CircuitBreaker.Listener() {
                    @Override
                    public void opened(long untilNanos) {
                        listener.breakerOpened(deploymentId);
                    }

                    @Override
                    public void closed() {
                        listener.breakerClosed(deploymentId);
                    }
                })));
    }

    /** Forgets deployments a new config no longer has. */
    void retainOnly(Set<DeploymentHealth> live) {
        byKey.values().removeIf(health -> !live.contains(health));
    }
}
