package dev.switchboard.sim;

import static dev.switchboard.sim.TestHttp.events;
import static dev.switchboard.sim.TestHttp.json;
import static dev.switchboard.sim.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pacing is checked on the waits the simulator asks for, recorded by a sleeper that does not sleep. */
class PacingTest {

    private static final String CHAT = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    private final AtomicLong sleptNanos = new AtomicLong();
    private Simulator sim;

    @BeforeEach
    void start() {
        SimulatorConfig config = SimulatorConfig.builder()
                .timeToFirstToken(Duration.ofSeconds(2))
                .tokensPerSecond(10)
                .responseTokens(5)
                .build();
        sim = Simulator.start(config, Clock.fixed(NOW, ZoneOffset.UTC), sleptNanos::addAndGet);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void nonStreamingAnswerWaitsTimeToFirstTokenPlusOneIntervalPerFurtherToken() {
        assertThat(post(sim, "/chat/completions", "{" + CHAT + "}").statusCode()).isEqualTo(200);

        assertThat(Duration.ofNanos(sleptNanos.get())).isEqualTo(Duration.ofMillis(2_000 + 4 * 100));
    }

    @Test
    void streamWaitsTheSameInTotal() {
        assertThat(events(post(sim, "/chat/completions", "{\"stream\":true," + CHAT + "}").body())).hasSize(7);

        assertThat(Duration.ofNanos(sleptNanos.get())).isEqualTo(Duration.ofMillis(2_400));
    }

    @Test
    void reconfiguredPaceAppliesToTheNextRequest() {
        sim.configure(sim.config().toBuilder().timeToFirstToken(Duration.ZERO).tokensPerSecond(0).build());

        post(sim, "/chat/completions", "{" + CHAT + "}");

        assertThat(sleptNanos.get()).isZero();
    }

    @Test
    void createdComesFromTheInjectedClock() {
        long created = json(post(sim, "/chat/completions", "{" + CHAT + "}").body()).path("created").asLong();

        assertThat(created).isEqualTo(NOW.getEpochSecond());
    }
}
