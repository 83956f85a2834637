package dev.switchboard.server;

import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.config.SimulatorSettings;
import dev.switchboard.core.provider.OpenAiProvider;
import dev.switchboard.core.provider.UpstreamHttp;
import dev.switchboard.core.spi.ProblemSink;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderFactory;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code type: simulator}: runs Switchboard's simulator in process on a loopback port, one per
 * provider name, and reaches it over real HTTP like any OpenAI-compatible upstream. Used by the
 * built-in default config so a fresh install answers at once — with synthetic text, labelled as such.
 * A reload with new settings reconfigures the running simulator. Thread-safe.
 */
final class SimulatorProviders implements ProviderFactory, AutoCloseable {

    static final String TYPE = "simulator";

    private final Map<String, Simulator> running = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(ProviderConfig config, ProblemSink problems) {
        if (config.baseUrl() != null) {
            problems.report("base_url", "does not apply to the simulator, which runs inside the gateway");
        }
        if (config.apiVersion() != null) {
            problems.report("api_version", "applies to type azure-openai only");
        }
        SimulatorSettings settings = config.simulator();
        if (settings != null) {
            if (settings.tokensPerSecond() < 0) {
                problems.report("simulator.tokens_per_second", "must be 0 (no pacing) or more");
            }
            if (settings.responseTokens() < 1) {
                problems.report("simulator.response_tokens", "must be at least 1");
            }
            if (settings.embeddingDimensions() < 1 || settings.embeddingDimensions() > 65536) {
                problems.report("simulator.embedding_dimensions", "must be between 1 and 65536");
            }
        }
    }

    @Override
    public Provider create(String name, ProviderConfig config, UpstreamHttp http) {
        SimulatorSettings settings = config.simulator() != null ? config.simulator()
                : new SimulatorSettings(null, null, null, null);
        SimulatorConfig simConfig = SimulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .timeToFirstToken(settings.ttft())
                .tokensPerSecond(settings.tokensPerSecond())
                .responseTokens(settings.responseTokens())
                .embeddingDimensions(settings.embeddingDimensions())
                .build();
        Simulator simulator = running.compute(name, (key, existing) -> {
            if (existing == null) {
                return Simulator.start(simConfig);
            }
            existing.configure(simConfig);
            return existing;
        });
        return new OpenAiProvider(name, simulator.baseUrl(), null, config.headers(), config.streamUsage(), http);
    }

    @Override
    public void close() {
        running.values().forEach(Simulator::close);
        running.clear();
    }
}
