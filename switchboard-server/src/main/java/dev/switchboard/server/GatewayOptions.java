package dev.switchboard.server;

import dev.switchboard.core.time.Randomness;
import dev.switchboard.core.time.Sleeper;
import dev.switchboard.core.time.Ticker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How to start a {@link Gateway}.
 *
 * @param configFile the YAML config, watched for changes; null for the built-in default config
 * @param port overrides {@code server.port} when not null ({@code 0}: any free port)
 * @param dataDir where state is kept (the master key's hash, later the store)
 * @param env environment variables for {@code ${env:...}} and {@code SWITCHBOARD_MASTER_KEY}
 * @param out where the startup banner goes
 * @param ticker time source for timeouts and latency
 * @param clock wall-clock time for usage records, key expiry and budget periods
 * @param sleeper waits between retries
 * @param random randomness for load balancing and backoff jitter
 */
public record GatewayOptions(Path configFile, Integer port, Path dataDir, Map<String, String> env, PrintStream out,
                             Ticker ticker, InstantSource clock, Sleeper sleeper, RandomGenerator random) {

    public GatewayOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        env = Map.copyOf(env);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
    }

    /** Options with the system's clock, sleep and randomness. */
    public static GatewayOptions of(Path configFile, Integer port, Path dataDir, Map<String, String> env,
                                    PrintStream out) {
        return new GatewayOptions(configFile, port, dataDir, env, out, Ticker.system(), InstantSource.system(),
                Sleeper.system(), Randomness.threadLocal());
    }
}
