package dev.switchboard.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog swept by hand against a fake ticker; its own thread sleeps an hour between sweeps. */
class WatchdogTest {

    private final FakeTicker ticker = new FakeTicker();
    private final Watchdog watchdog = new Watchdog(ticker, Duration.ofHours(1));
    private final AtomicInteger fired = new AtomicInteger();

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void firesOnceWhenTheDeadlinePasses() {
        Watchdog.Guard guard = watchdog.arm(fired::incrementAndGet);
        guard.expireIn(Duration.ofSeconds(5), Watchdog.NONE);

        ticker.advance(Duration.ofMillis(4_999));
        watchdog.sweep();
        assertThat(fired).hasValue(0);
        assertThat(guard.fired()).isFalse();

        ticker.advance(Duration.ofMillis(1));
        watchdog.sweep();
        watchdog.sweep();
        assertThat(fired).hasValue(1);
        assertThat(guard.fired()).isTrue();
    }

    @Test
    void guardWithoutADeadlineNeverFires() {
        Watchdog.Guard guard = watchdog.arm(fired::incrementAndGet);
        guard.expireIn(Duration.ZERO, Watchdog.NONE);

        ticker.advance(Duration.ofDays(365));
        watchdog.sweep();

        assertThat(fired).hasValue(0);
    }

    @Test
    void latestBoundWinsOverALongerTimeout() {
        Watchdog.Guard guard = watchdog.arm(fired::incrementAndGet);
        guard.expireIn(Duration.ofSeconds(60), ticker.read() + Duration.ofSeconds(2).toNanos());

        ticker.advance(Duration.ofSeconds(2));
        watchdog.sweep();

        assertThat(fired).hasValue(1);
    }

    @Test
    void zeroTimeoutStillHonoursTheLatestBound() {
        Watchdog.Guard guard = watchdog.arm(fired::incrementAndGet);
        guard.expireIn(Duration.ZERO, ticker.read() + Duration.ofSeconds(3).toNanos());

        ticker.advance(Duration.ofSeconds(3));
        watchdog.sweep();

        assertThat(fired).hasValue(1);
    }

    @Test
    void movingTheDeadlineLaterPostponesTheAction() {
        Watchdog.Guard guard = watchdog.arm(fired::incrementAndGet);
        guard.expireIn(Duration.ofSeconds(1), Watchdog.NONE);
        ticker.advance(Duration.ofMillis(900));

        guard.expireIn(Duration.ofSeconds(1), Watchdog.NONE);
        ticker.advance(Duration.ofMillis(900));
        watchdog.sweep();

        assertThat(fired).hasValue(0);
        ticker.advance(Duration.ofMillis(100));
        watchdog.sweep();
        assertThat(fired).hasValue(1);
    }

    @Test
    void closedGuardDoesNotFire() {
        Watchdog.Guard guard = watchdog.arm(fired::incrementAndGet);
        guard.expireIn(Duration.ofSeconds(1), Watchdog.NONE);

        guard.close();
        ticker.advance(Duration.ofSeconds(2));
        watchdog.sweep();

        assertThat(fired).hasValue(0);
        assertThat(guard.fired()).isFalse();
    }

    @Test
    void failingActionDoesNotStopOtherGuards() {
        watchdog.arm(() -> {
            throw new IllegalStateException("socket already closed");
        }).expireIn(Duration.ofSeconds(1), Watchdog.NONE);
        watchdog.arm(fired::incrementAndGet).expireIn(Duration.ofSeconds(1), Watchdog.NONE);

        ticker.advance(Duration.ofSeconds(1));
        watchdog.sweep();

        assertThat(fired).hasValue(1);
    }
}
