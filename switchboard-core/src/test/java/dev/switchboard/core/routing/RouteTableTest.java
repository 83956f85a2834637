package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.testing.FakeProviderFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deployment health survives config reloads that leave the deployment as it was. */
class RouteTableTest {

    private static final Provider NEVER = request -> {
        throw new AssertionError("not called");
    };

    private final HealthRegistry registry = new HealthRegistry(RoutingListener.NONE);

    private RouteTable load(String baseUrl, int threshold, String modelName) throws ConfigException {
        SwitchboardConfig config = new ConfigLoader(Map.of(), FakeProviderFactory.registry()).parse("t.yaml", """
                providers:
                  p: { type: fake, base_url: "%s" }
                models:
                  - name: %s
                    strategy: least_outstanding
                    deployments: [{ provider: p, model: up, weight: 2 }]
                routing:
                  circuit_breaker: { failure_threshold: %d }
                """.formatted(baseUrl, modelName, threshold));
        return RouteTable.build(config, Map.of("p", NEVER), registry);
    }

    private static DeploymentHealth health(RouteTable table, String model) {
        return table.find(model).deployments().get(0).health();
    }

    @Test
    void routeCarriesTheDeploymentsOfItsModel() throws ConfigException {
        RouteTable table = load("http://a/v1", 5, "m");

        Deployment deployment = table.find("m").deployments().get(0);
        assertThat(deployment.id()).isEqualTo("p/up");
        assertThat(deployment.upstreamModel()).isEqualTo("up");
        assertThat(deployment.weight()).isEqualTo(2);
        assertThat(deployment.provider()).isSameAs(NEVER);
        assertThat(table.find("other")).isNull();
    }

    @Test
    void unchangedDeploymentKeepsItsHealthAcrossReloads() throws ConfigException {
        DeploymentHealth before = health(load("http://a/v1", 5, "m"), "m");
        before.requestStarted();

        DeploymentHealth after = health(load("http://a/v1", 5, "renamed-model"), "renamed-model");

        assertThat(after).isSameAs(before);
        assertThat(after.outstanding()).isEqualTo(1);
    }

    @Test
    void deploymentAtAnotherUrlStartsWithFreshHealth() throws ConfigException {
        DeploymentHealth before = health(load("http://a/v1", 5, "m"), "m");

        DeploymentHealth after = health(load("http://b/v1", 5, "m"), "m");

        assertThat(after).isNotSameAs(before);
    }

    @Test
    void newBreakerSettingsStartWithFreshHealth() throws ConfigException {
        DeploymentHealth before = health(load("http://a/v1", 5, "m"), "m");

        DeploymentHealth after = health(load("http://a/v1", 2, "m"), "m");

        assertThat(after).isNotSameAs(before);
    }
}
