package dev.switchboard.core.config;

import java.time.Duration;

/**
 * Upstream timeouts; {@code 0} means no timeout. Each option left out takes the value of the level
 * above (model → {@code routing.timeouts} → built-in default).
 *
 * @param connect to open a connection to a deployment; default 5s
 * @param firstToken from sending a streaming request to its first event; default 60s (streams only:
 *     a non-streaming answer arrives whole, so only {@code total} bounds it)
 * @param idle longest silence between two events of a stream; default 30s
 * @param total whole request, retries and fallbacks included; default 600s
 */
public record TimeoutsConfig(Duration connect, Duration firstToken, Duration idle, Duration total) {

    public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(
            Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(600));

    /** This config with every unset option taken from {@code defaults}. */
    public TimeoutsConfig orElse(TimeoutsConfig defaults) {
        return new TimeoutsConfig(
                connect != null ? connect : defaults.connect,
                firstToken != null ? firstToken : defaults.firstToken,
                idle != null ? idle : defaults.idle,
                total != null ? total : defaults.total);
    }
}
