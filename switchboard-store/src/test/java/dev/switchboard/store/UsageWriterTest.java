package dev.switchboard.store;

import static dev.switchboard.store.Fixtures.awaitUntil;
import static dev.switchboard.store.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.time.FakeTicker;
import dev.switchboard.store.UsageQuery.GroupBy;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class UsageWriterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration NEVER = Duration.ofHours(1);

    @RegisterExtension
    final Stores stores = new Stores();

    @OnEveryDialect
    void tenThousandRecordsFromEightThreadsAllLandAfterClose(Dialect dialect) throws Exception {
        UsageRepository usage = new UsageRepository(stores.open(dialect));
        UsageWriter writer = UsageWriter.start(usage);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> producers = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                producers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1_250; i++) {
                        writer.record(usage("t" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> producer : producers) {
                producer.get();
            }
        }

        writer.close();

        assertThat(stored(usage)).isEqualTo(10_000);
        assertThat(writer.written()).isEqualTo(10_000);
        assertThat(writer.dropped()).isZero();
        assertThat(writer.pending()).isZero();
    }

    @OnEveryDialect
    void recordsLandWithinAFewFlushIntervalsWithoutAFlush(Dialect dialect) throws Exception {
        UsageRepository usage = new UsageRepository(stores.open(dialect));
        UsageWriter writer = stores.track(UsageWriter.builder(usage).flushInterval(Duration.ofMillis(100)).start());

        writer.record(usage("u1"));
        writer.record(usage("u2"));
        writer.record(usage("u3"));

        // the counter moves just after the commit the store shows: wait for both
        awaitUntil("3 records are stored and counted", PATIENCE, () -> stored(usage) == 3 && writer.written() == 3);
    }

    @OnEveryDialect
    void aFullBatchIsWrittenWithoutWaitingForTheFlushInterval(Dialect dialect) throws Exception {
        UsageRepository usage = new UsageRepository(stores.open(dialect));
        UsageWriter writer = stores.track(UsageWriter.builder(usage).flushInterval(NEVER).batchSize(50).start());

        for (int i = 0; i < 50; i++) {
            writer.record(usage("u" + i));
        }

        awaitUntil("a batch of 50 is stored", PATIENCE, () -> stored(usage) == 50);
    }

    @OnEveryDialect
    void flushWritesEverythingQueuedOnTheCallingThread(Dialect dialect) {
        UsageRepository usage = new UsageRepository(stores.open(dialect));
        UsageWriter writer = stores.track(UsageWriter.builder(usage).flushInterval(NEVER).start());
        for (int i = 0; i < 7; i++) {
            writer.record(usage("u" + i));
        }
        assertThat(writer.pending()).isEqualTo(7);

        writer.flush();

        assertThat(stored(usage)).isEqualTo(7);
        assertThat(writer.pending()).isZero();
        assertThat(writer.written()).isEqualTo(7);
    }

    @OnEveryDialect
    void aFullQueueDropsAndCountsRecordsInsteadOfBlockingWhileTheDatabaseIsDown(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);
        UsageRepository usage = new UsageRepository(stores.open(settings));
        UsageWriter writer = UsageWriter.builder(usage).capacity(4).flushInterval(Duration.ofMillis(20))
                .maxRetryBackoff(Duration.ofMillis(100)).start();
        stores.execute(settings, "ALTER TABLE usage_records RENAME TO usage_records_away");

        for (int i = 0; i < 20; i++) {
            writer.record(usage("u" + i));
        }

        assertThat(writer.dropped()).isEqualTo(16);
        assertThat(writer.pending()).isEqualTo(4);
        stores.execute(settings, "ALTER TABLE usage_records_away RENAME TO usage_records");
        writer.close();
        assertThat(stored(usage)).isEqualTo(4);
        assertThat(writer.written()).isEqualTo(4);
    }

    @OnEveryDialect
    void recordsSurviveADatabaseOutageAndAreWrittenWhenItEnds(Dialect dialect) throws Exception {
        StoreSettings settings = stores.fresh(dialect);
        UsageRepository usage = new UsageRepository(stores.open(settings));
        UsageWriter writer = stores.track(UsageWriter.builder(usage).flushInterval(Duration.ofMillis(20))
                .maxRetryBackoff(Duration.ofMillis(200)).start());
        stores.execute(settings, "ALTER TABLE usage_records RENAME TO usage_records_away");

        for (int i = 0; i < 5; i++) {
            writer.record(usage("u" + i));
        }
        awaitUntil("writes have failed twice", PATIENCE, () -> writer.failedWrites() >= 2);
        assertThatThrownBy(writer::flush).isInstanceOf(StoreException.class).hasMessageContaining("usage_records");
        assertThat(writer.pending()).isEqualTo(5);
        assertThat(writer.written()).isZero();

        stores.execute(settings, "ALTER TABLE usage_records_away RENAME TO usage_records");

        awaitUntil("the 5 records are written after the outage", PATIENCE, () -> writer.written() == 5);
        assertThat(stored(usage)).isEqualTo(5);
        assertThat(writer.pending()).isZero();
        assertThat(writer.dropped()).isZero();
    }

    @OnEveryDialect
    void recordsAfterCloseAreDroppedAndCounted(Dialect dialect) {
        UsageRepository usage = new UsageRepository(stores.open(dialect));
        UsageWriter writer = UsageWriter.builder(usage).flushInterval(NEVER).start();
        writer.record(usage("u1"));

        writer.close();
        writer.record(usage("u2"));
        writer.close();

        assertThat(stored(usage)).isEqualTo(1);
        assertThat(writer.written()).isEqualTo(1);
        assertThat(writer.dropped()).isEqualTo(1);
    }

    @OnEveryDialect
    void closeGivesUpOnADatabaseThatStaysDownAfterTheCloseTimeoutAndCountsTheLoss(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);
        UsageRepository usage = new UsageRepository(stores.open(settings));
        UsageWriter writer = UsageWriter.builder(usage).flushInterval(NEVER).closeTimeout(Duration.ofMillis(300))
                .maxRetryBackoff(Duration.ofMillis(100)).start();
        stores.execute(settings, "ALTER TABLE usage_records RENAME TO usage_records_away");
        writer.record(usage("u1"));
        writer.record(usage("u2"));

        writer.close();

        assertThat(writer.pending()).isZero();
        assertThat(writer.dropped()).isEqualTo(2);
        assertThat(writer.written()).isZero();
        assertThat(writer.failedWrites()).isGreaterThanOrEqualTo(2);
    }

    @OnEveryDialect
    void dropsAreLoggedAtMostOncePerTenSecondsAsACountWithoutRecordContents(Dialect dialect) {
        UsageRepository usage = new UsageRepository(stores.open(dialect));
        FakeTicker ticker = new FakeTicker();
        UsageWriter writer = stores.track(UsageWriter.builder(usage).capacity(2).flushInterval(NEVER).ticker(ticker).start());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(UsageWriter.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(MessageFormat.format(record.getMessage(), record.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            for (int i = 0; i < 5; i++) {
                writer.record(usage("secret-" + i));
            }
            assertThat(warnings).hasSize(1);

            ticker.advance(Duration.ofSeconds(9));
            writer.record(usage("secret-5"));
            assertThat(warnings).hasSize(1);

            ticker.advance(Duration.ofSeconds(1));
            writer.record(usage("secret-6"));
            assertThat(warnings).hasSize(2);
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(writer.dropped()).isEqualTo(5);
        assertThat(warnings.get(0)).contains("dropped 1 usage records since the last report (1 in all)")
                .doesNotContain("secret");
        assertThat(warnings.get(1)).contains("dropped 4 usage records since the last report (5 in all)")
                .doesNotContain("secret");
    }

    private static long stored(UsageRepository usage) {
        return usage.aggregate(UsageQuery.all(GroupBy.NONE)).get(0).requests();
    }
}
