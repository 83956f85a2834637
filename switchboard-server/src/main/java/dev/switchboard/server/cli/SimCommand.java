package dev.switchboard.server.cli;

import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard sim}: runs the upstream simulator on its own, for demos and benchmarks. */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the OpenAI-compatible upstream SIMULATOR (synthetic answers, not a language model).")
final class SimCommand implements Callable<Integer> {

    @Option(names = "--host", description = "Interface to bind (default ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "Port (default ${DEFAULT-VALUE}; 0 for any).", defaultValue = "9000")
    int port;

    @Option(names = "--ttft", converter = DurationConverter.class, defaultValue = "0",
            description = "Time to first token, e.g. 200ms (default ${DEFAULT-VALUE}).")
    Duration ttft;

    @Option(names = "--tokens-per-second", defaultValue = "0",
            description = "Streaming pace; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double tokensPerSecond;

    @Option(names = "--response-tokens", defaultValue = "16",
            description = "Answer length in tokens unless max_tokens caps it (default ${DEFAULT-VALUE}).")
    int responseTokens;

    @Option(names = "--embedding-dimensions", defaultValue = "384",
            description = "Length of embedding vectors (default ${DEFAULT-VALUE}).")
    int embeddingDimensions;

    @Option(names = "--rate-429", defaultValue = "0", description = "Share of requests answered 429, 0..1.")
    double rate429;

    @Option(names = "--rate-500", defaultValue = "0", description = "Share of requests answered 500, 0..1.")
    double rate500;

    @Option(names = "--rate-timeout", defaultValue = "0", description = "Share of requests never answered, 0..1.")
    double rateTimeout;

    @Option(names = "--rate-disconnect", defaultValue = "0",
            description = "Share of streams cut mid-answer, 0..1.")
    double rateDisconnect;

    @Option(names = "--retry-after", converter = DurationConverter.class, defaultValue = "1s",
            description = "retry-after sent with 429s (default ${DEFAULT-VALUE}).")
    Duration retryAfter;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the fault dice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cached-prompt-tokens", defaultValue = "0",
            description = "Prompt tokens reported as cached in usage (default ${DEFAULT-VALUE}).")
    int cachedPromptTokens;

    @Option(names = "--reasoning-tokens", defaultValue = "0",
            description = "Reasoning tokens added to every completion's usage (default ${DEFAULT-VALUE}).")
    int reasoningTokens;

    @Override
    public Integer call() throws InterruptedException {
        SimulatorConfig config;
        try {
            config = SimulatorConfig.builder().host(host).port(port).timeToFirstToken(ttft)
                    .tokensPerSecond(tokensPerSecond).responseTokens(responseTokens)
                    .embeddingDimensions(embeddingDimensions).rate429(rate429).rate500(rate500)
                    .rateTimeout(rateTimeout).rateDisconnect(rateDisconnect).retryAfter(retryAfter).seed(seed)
                    .cachedPromptTokens(cachedPromptTokens).reasoningTokens(reasoningTokens)
                    .build();
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard sim: " + e.getMessage());
            return 2;
        }
        Simulator simulator = Simulator.start(config);
        System.out.println("Switchboard SIMULATOR listening at " + simulator.baseUrl()
                + " - synthetic answers for tests and demos, not a language model.");
        System.out.println("  models: sim, sim-embedding (any model name is answered)");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "switchboard-sim-shutdown"));
        stopped.await();
        return 0;
    }
}
