package dev.switchboard.core.routing;

import dev.switchboard.core.config.DeploymentConfig;
import dev.switchboard.core.config.ModelConfig;
import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.config.RoutingConfig;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.config.TimeoutsConfig;
import dev.switchboard.core.spi.Provider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The models a config defines, by name, ready to route. Immutable. */
public final class RouteTable {

    private final Map<String, ModelRoute> models;

    private RouteTable(Map<String, ModelRoute> models) {
        this.models = models;
    }

    /**
     * Resolves a validated config.
     *
     * @param providers the config's providers, created, by name
     * @param health where deployment health is kept across reloads; entries for deployments this
     *     config no longer has are dropped
     */
    public static RouteTable build(SwitchboardConfig config, Map<String, Provider> providers, HealthRegistry health) {
        RoutingConfig routing = config.routing();
        Map<String, ModelRoute> models = new LinkedHashMap<>();
        Set<DeploymentHealth> live = new HashSet<>();
        for (ModelConfig model : config.models()) {
            List<Deployment> deployments = new ArrayList<>();
            for (DeploymentConfig d : model.deployments()) {
                ProviderConfig provider = config.providers().get(d.provider());
                String identity = d.provider() + '\n' + provider.type() + '\n' + provider.baseUrl() + '\n' + d.model()
                        + '\n' + d.id();
                DeploymentHealth h = health.healthOf(d.id(), identity, routing.circuitBreaker());
                live.add(h);
                deployments.add(new Deployment(d.id(), providers.get(d.provider()), d.model(), d.weight(), h));
            }
            TimeoutsConfig timeouts = model.timeouts() != null ? model.timeouts().orElse(routing.timeouts())
                    : routing.timeouts();
            models.put(model.name(), new ModelRoute(model.name(), List.copyOf(deployments),
                    LoadBalancer.of(model.strategy()), model.fallbacks(),
                    model.retries() != null ? model.retries() : routing.retries(),
                    routing.retryBackoff(), routing.retryBackoffMax(), routing.maxRetryAfter(), timeouts));
        }
        health.retainOnly(live);
        return new RouteTable(Collections.unmodifiableMap(models));
    }

    /** The route for a model name, or null. */
    public ModelRoute find(String model) {
        return models.get(model);
    }

    /** Every model name, in config order. */
    public List<String> names() {
        return List.copyOf(models.keySet());
    }
}
