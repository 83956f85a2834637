package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.routing.HealthRegistry;
import dev.switchboard.core.routing.ModelRoute;
import dev.switchboard.core.routing.RouteTable;
import dev.switchboard.core.routing.RoutingListener;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderRegistry;
import dev.switchboard.core.testing.FakeProviderFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENAI_API_KEY", "sk-openai-test-key",
            "AZURE_OPENAI_KEY", "azure-test-key",
            "SWITCHBOARD_MASTER_KEY", "master-key-0123456789");

    private static final String FULL = """
            server:
              host: 127.0.0.1
              port: 9090
              max_body_bytes: 8MiB
              max_messages: 100
              read_timeout: 10s
              config_poll_interval: 0
              max_scheduling_delay: 250ms
              server_timing: false
            auth:
              master_key: ${env:SWITCHBOARD_MASTER_KEY}
            providers:
              openai:
                type: openai
                base_url: https://api.openai.com/v1
                api_key: ${env:OPENAI_API_KEY}
                headers:
                  OpenAI-Organization: org-123
              azure:
                type: azure-openai
                base_url: https://my-resource.openai.azure.com
                api_key: ${env:AZURE_OPENAI_KEY}
                api_version: "2024-10-21"
            models:
              - name: gpt-4o
                strategy: least_outstanding
                deployments:
                  - { provider: openai, model: gpt-4o, weight: 3 }
                  - { provider: azure, model: gpt4o-eastus, name: azure-east }
                fallbacks: [gpt-4o-mini]
                retries: 4
                timeouts:
                  first_token: 20s
              - name: gpt-4o-mini
                strategy: latency
                deployments:
                  - provider: openai
                    model: gpt-4o-mini
            routing:
              retries: 1
              retry_backoff: 250ms
              retry_backoff_max: 5s
              max_retry_after: 20s
              timeouts:
                connect: 2s
                total: 120s
              circuit_breaker:
                failure_threshold: 3
                cooldown: 1m
            """;

    private static SwitchboardConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(ENV, ProviderRegistry.builtIn()).parse("switchboard.yaml", yaml);
    }

    @Test
    void fullConfigBindsEverySection() throws ConfigException {
        SwitchboardConfig config = parse(FULL);

        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 9090, 8L * 1024 * 1024, 100,
                Duration.ofSeconds(10), Duration.ofSeconds(60), 10_000, Duration.ZERO, Duration.ofMillis(250), false));
        assertThat(config.auth().masterKey()).isEqualTo("master-key-0123456789");

        assertThat(config.providers()).containsOnlyKeys("openai", "azure");
        assertThat(config.providers().keySet()).containsExactly("openai", "azure");
        ProviderConfig openai = config.providers().get("openai");
        assertThat(openai.type()).isEqualTo("openai");
        assertThat(openai.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.apiKey()).isEqualTo("sk-openai-test-key");
        assertThat(openai.apiVersion()).isNull();
        assertThat(openai.headers()).isEqualTo(Map.of("OpenAI-Organization", "org-123"));
        ProviderConfig azure = config.providers().get("azure");
        assertThat(azure.type()).isEqualTo("azure-openai");
        assertThat(azure.apiKey()).isEqualTo("azure-test-key");
        assertThat(azure.apiVersion()).isEqualTo("2024-10-21");
        assertThat(azure.headers()).isEmpty();

        assertThat(config.models()).extracting(ModelConfig::name).containsExactly("gpt-4o", "gpt-4o-mini");
        ModelConfig gpt4o = config.models().get(0);
        assertThat(gpt4o.strategy()).isEqualTo(Strategy.LEAST_OUTSTANDING);
        assertThat(gpt4o.deployments()).containsExactly(
                new DeploymentConfig("openai", "gpt-4o", 3, null),
                new DeploymentConfig("azure", "gpt4o-eastus", 1, "azure-east"));
        assertThat(gpt4o.deployments()).extracting(DeploymentConfig::id).containsExactly("openai/gpt-4o", "azure-east");
        assertThat(gpt4o.fallbacks()).containsExactly("gpt-4o-mini");
        assertThat(gpt4o.retries()).isEqualTo(4);
        assertThat(gpt4o.timeouts()).isEqualTo(new TimeoutsConfig(null, Duration.ofSeconds(20), null, null));
        ModelConfig mini = config.models().get(1);
        assertThat(mini.strategy()).isEqualTo(Strategy.LATENCY);
        assertThat(mini.fallbacks()).isEmpty();
        assertThat(mini.retries()).isNull();
        assertThat(mini.timeouts()).isNull();

        RoutingConfig routing = config.routing();
        assertThat(routing.retries()).isEqualTo(1);
        assertThat(routing.retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(routing.retryBackoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(routing.maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(routing.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(120)));
        assertThat(routing.circuitBreaker()).isEqualTo(new BreakerConfig(3, Duration.ofMinutes(1)));
    }

    @Test
    void modelTimeoutsInheritFromRoutingWhichInheritsFromTheDefaults() throws ConfigException {
        SwitchboardConfig config = parse(FULL);
        Provider never = request -> {
            throw new AssertionError("not called");
        };
        RouteTable routes = RouteTable.build(config, Map.of("openai", never, "azure", never),
                new HealthRegistry(RoutingListener.NONE));

        ModelRoute gpt4o = routes.find("gpt-4o");
        // first_token from the model, connect and total from routing, idle from the built-in default
        assertThat(gpt4o.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(120)));
        assertThat(gpt4o.retries()).isEqualTo(4);
        ModelRoute mini = routes.find("gpt-4o-mini");
        assertThat(mini.timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(2), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(120)));
        assertThat(mini.retries()).isEqualTo(1);
        assertThat(mini.retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(mini.retryBackoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(mini.maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(routes.names()).containsExactly("gpt-4o", "gpt-4o-mini");
    }

    @Test
    void timeoutsOrElseTakesEachUnsetOptionFromTheDefaults() {
        TimeoutsConfig partial = new TimeoutsConfig(null, Duration.ofSeconds(7), null, Duration.ZERO);

        assertThat(partial.orElse(TimeoutsConfig.DEFAULTS)).isEqualTo(new TimeoutsConfig(
                Duration.ofSeconds(5), Duration.ofSeconds(7), Duration.ofSeconds(30), Duration.ZERO));
        assertThat(TimeoutsConfig.DEFAULTS).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(600)));
    }

    @Test
    void minimalConfigGetsTheDocumentedDefaults() throws ConfigException {
        SwitchboardConfig config = parse("""
                providers:
                  vllm: { type: openai, base_url: "http://10.0.0.5:8000/v1" }
                models:
                  - name: qwen
                    deployments:
                      - { provider: vllm, model: Qwen/Qwen2.5-7B-Instruct }
                """);

        assertThat(config.server()).isEqualTo(new ServerConfig("0.0.0.0", 8080, 4L * 1024 * 1024, 2048,
                Duration.ofSeconds(30), Duration.ofSeconds(60), 10_000, Duration.ofSeconds(1),
                Duration.ofMillis(100), true));
        assertThat(config.server().maxBodyBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(config.auth().masterKey()).isNull();
        assertThat(config.routing()).isEqualTo(new RoutingConfig(2, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(10), TimeoutsConfig.DEFAULTS, new BreakerConfig(5, Duration.ofSeconds(30))));
        ModelConfig model = config.models().get(0);
        assertThat(model.strategy()).isEqualTo(Strategy.WEIGHTED);
        assertThat(model.fallbacks()).isEmpty();
        assertThat(model.retries()).isNull();
        assertThat(model.timeouts()).isNull();
        assertThat(model.deployments()).containsExactly(
                new DeploymentConfig("vllm", "Qwen/Qwen2.5-7B-Instruct", 1, null));
        assertThat(model.deployments().get(0).id()).isEqualTo("vllm/Qwen/Qwen2.5-7B-Instruct");
        assertThat(config.providers().get("vllm").apiKey()).isNull();
        assertThat(config.providers().get("vllm").headers()).isEmpty();
    }

    @Test
    void routingTimeoutsLeftPartlyUnsetTakeTheBuiltInDefaults() throws ConfigException {
        SwitchboardConfig config = parse("""
                routing:
                  timeouts:
                    idle: 0
                """);

        assertThat(config.routing().timeouts()).isEqualTo(new TimeoutsConfig(Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(600)));
    }

    @Test
    void emptyFileGivesDefaultsAndNoModels() throws ConfigException {
        for (String empty : List.of("", "\n", "# nothing configured yet\n", "---\n")) {
            SwitchboardConfig config = parse(empty);

            assertThat(config.models()).as("models of %s", empty).isEmpty();
            assertThat(config.providers()).isEmpty();
            assertThat(config.server().port()).isEqualTo(8080);
            assertThat(config.routing().retries()).isEqualTo(2);
        }
    }

    @Test
    void envReferencesAreReplacedWithTheVariablesValue() throws ConfigException {
        ConfigLoader loader = new ConfigLoader(Map.of("VLLM_HOST", "10.0.0.7", "PORT", "9999", "KEY", "k-123"),
                ProviderRegistry.builtIn());

        SwitchboardConfig config = loader.parse("s.yaml", """
                server:
                  port: ${env:PORT}
                providers:
                  vllm:
                    type: openai
                    base_url: http://${env:VLLM_HOST}:${env:VLLM_PORT:-8000}/v1
                    api_key: ${env:KEY}
                    headers:
                      x-tenant: ${env:TENANT:-default-tenant}
                      x-literal: no ${reference} here
                """);

        assertThat(config.server().port()).isEqualTo(9999);
        ProviderConfig vllm = config.providers().get("vllm");
        assertThat(vllm.baseUrl()).isEqualTo("http://10.0.0.7:8000/v1");
        assertThat(vllm.apiKey()).isEqualTo("k-123");
        assertThat(vllm.headers()).isEqualTo(Map.of("x-tenant", "default-tenant", "x-literal", "no ${reference} here"));
    }

    @Test
    void envDefaultIsUsedWhenTheVariableIsEmptyButAnEmptyVariableWithoutDefaultStaysEmpty() throws ConfigException {
        ConfigLoader loader = new ConfigLoader(Map.of("EMPTY", ""), ProviderRegistry.builtIn());

        SwitchboardConfig config = loader.parse("s.yaml", """
                server:
                  host: ${env:EMPTY:-127.0.0.1}
                providers:
                  p: { type: openai, base_url: "http://h/v1", api_key: "${env:EMPTY}" }
                """);

        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.providers().get("p").apiKey()).isEmpty();
    }

    @Test
    void envReferencesInListsAreReplaced() throws ConfigException {
        ConfigLoader loader = new ConfigLoader(Map.of("FALLBACK", "small"), ProviderRegistry.builtIn());

        SwitchboardConfig config = loader.parse("s.yaml", """
                providers:
                  p: { type: openai, base_url: "http://h/v1" }
                models:
                  - name: big
                    deployments: [{ provider: p, model: big }]
                    fallbacks: ["${env:FALLBACK}"]
                  - name: small
                    deployments: [{ provider: p, model: small }]
                """);

        assertThat(config.models().get(0).fallbacks()).containsExactly("small");
    }

    @Test
    void builtInDefaultConfigLoadsWhenTheSimulatorTypeIsRegistered() {
        SwitchboardConfig config = new ConfigLoader(Map.of(), FakeProviderFactory.registry()).loadDefault();

        assertThat(config.models()).extracting(ModelConfig::name)
                .containsExactly("sim", "sim-embedding", "local/bge-small-en-v1.5", "local/all-minilm-l6-v2");
        ProviderConfig simulator = config.providers().get("simulator");
        assertThat(simulator.type()).isEqualTo("simulator");
        assertThat(simulator.simulator()).isEqualTo(new SimulatorSettings(Duration.ofMillis(20), 200.0, 24, 384));
        assertThat(config.models().get(0).deployments()).extracting(DeploymentConfig::id)
                .containsExactly("simulator/sim");
    }

    @Test
    void builtInDefaultConfigFailsLoudlyWithoutTheSimulatorType() {
        ConfigLoader loader = new ConfigLoader(Map.of(), ProviderRegistry.builtIn());

        assertThatThrownBy(loader::loadDefault)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("built-in default config is broken")
                .cause().hasMessageContaining("providers.simulator.type: unknown provider type 'simulator'");
    }

    @Test
    void configExceptionNamesTheSourceFile() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), ProviderRegistry.builtIn()).parse("/etc/sb/prod.yaml", "server:\n  port: -1\n"));

        assertThat(e.source()).isEqualTo("/etc/sb/prod.yaml");
        assertThat(e.getMessage()).isEqualTo("/etc/sb/prod.yaml:2: server.port: must be between 0 and 65535, was -1");
    }

    @Test
    void loadedConfigCannotBeChanged() throws ConfigException {
        SwitchboardConfig config = parse(FULL);

        assertThatThrownBy(() -> config.models().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.models().get(0).deployments().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> config.providers().get("openai").headers().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        // SwitchboardConfig's javadoc: "immutable once loaded"
        assertThatThrownBy(() -> config.providers().remove("openai")).isInstanceOf(UnsupportedOperationException.class);
    }
}
