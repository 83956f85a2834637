package dev.switchboard.store;

import static dev.switchboard.store.RequestLogRepositoryTest.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RequestLogWriterTest {

    @RegisterExtension
    final Stores stores = new Stores();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aQueuedEntryIsFoundBeforeItIsWrittenAndStoredByFlush() {
        RequestLogRepository repository = new RequestLogRepository(stores.open(Dialect.SQLITE));
        try (RequestLogWriter writer = new RequestLogWriter(repository, 10, Duration.ofHours(1))) {
            writer.record(entry("rl_1", "req_1", T0, "acme", 200));

            assertThat(writer.pending()).isEqualTo(1);
            assertThat(repository.find("req_1")).isEmpty();
            assertThat(writer.find("req_1")).isPresent();

            writer.flush();

            assertThat(writer.pending()).isZero();
            assertThat(writer.written()).isEqualTo(1);
            assertThat(repository.find("req_1")).isPresent();
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() {
        RequestLogRepository repository = new RequestLogRepository(stores.open(Dialect.SQLITE));
        try (RequestLogWriter writer = new RequestLogWriter(repository, 2, Duration.ofHours(1))) {
            writer.record(entry("rl_1", "a", T0, "acme", 200));
            writer.record(entry("rl_2", "b", T0, "acme", 200));
            writer.record(entry("rl_3", "c", T0, "acme", 200));

            assertThat(writer.dropped()).isEqualTo(1);
            assertThat(writer.pending()).isEqualTo(2);
        }
    }

    @Test
    void closeWritesWhatIsQueued() {
        RequestLogRepository repository = new RequestLogRepository(stores.open(Dialect.SQLITE));
        RequestLogWriter writer = new RequestLogWriter(repository, 10, Duration.ofHours(1));
        writer.record(entry("rl_1", "req_1", T0, "acme", 200));

        writer.close();

        assertThat(repository.find("req_1")).isPresent();
    }
}
