package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

class RequestLogRepositoryTest {

    @RegisterExtension
    final Stores stores = new Stores();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static RequestLogEntry entry(String id, String requestId, Instant at, String tenant, int status) {
        return new RequestLogEntry(id, requestId, at, tenant == null ? null : "ten_" + tenant, tenant, "sk-sb-abcd",
                "/v1/chat/completions", "chat", "a/m", 1, status, status == 200 ? null : "upstream_error", 12_345,
                status == 200 ? 2_000L : null, 10, 20, 30_000, status == 200, "miss",
                List.of("injection:allow"), "0af7651916cd43dd8448eb211c80319c", null, null);
    }

    @OnEveryDialect
    void storesEveryFieldOfAnEntryAndFindsItByRequestId(Dialect dialect) {
        RequestLogRepository log = new RequestLogRepository(stores.open(dialect));
        RequestLogEntry entry = new RequestLogEntry("rl_1", "req_1", T0, "ten_a", "acme", "sk-sb-ab12", "/v1/embeddings",
                "embed", "e/m", 3, 502, "upstream_error", 1_500_000, null, 7, 0, 123, false, "hit",
                List.of("injection:block", "toxicity:flag"), "trace", "{\"input\":\"<EMAIL_ADDRESS>\"}", "{}");
        log.insertAll(List.of(entry));

        assertThat(log.find("req_1")).contains(entry);
        assertThat(log.find("req_2")).isEmpty();
    }

    @OnEveryDialect
    void aReusedRequestIdFindsTheNewestEntry(Dialect dialect) {
        RequestLogRepository log = new RequestLogRepository(stores.open(dialect));
        log.insertAll(List.of(entry("rl_1", "same", T0, "acme", 200), entry("rl_2", "same", T0.plusSeconds(5), "acme", 500)));

        assertThat(log.find("same").orElseThrow().id()).isEqualTo("rl_2");
    }

    @OnEveryDialect
    void aRetriedBatchDoesNotDuplicateEntries(Dialect dialect) {
        RequestLogRepository log = new RequestLogRepository(stores.open(dialect));
        List<RequestLogEntry> batch = List.of(entry("rl_1", "a", T0, "acme", 200), entry("rl_2", "b", T0, "acme", 200));
        log.insertAll(batch);
        log.insertAll(batch);

        assertThat(log.list(new RequestLogQuery(null, null, null, null, null, 100))).hasSize(2);
    }

    @OnEveryDialect
    void listsNewestFirstFilteredByTenantTimeAndStatus(Dialect dialect) {
        RequestLogRepository log = new RequestLogRepository(stores.open(dialect));
        log.insertAll(List.of(
                entry("rl_1", "r1", T0, "acme", 200),
                entry("rl_2", "r2", T0.plusSeconds(60), "acme", 429),
                entry("rl_3", "r3", T0.plusSeconds(120), "globex", 200),
                entry("rl_4", "r4", T0.plusSeconds(180), "acme", 503),
                entry("rl_5", "r5", T0.plusSeconds(240), null, 200)));

        assertThat(ids(log.list(new RequestLogQuery(null, null, null, null, null, 100))))
                .containsExactly("r5", "r4", "r3", "r2", "r1");
        assertThat(ids(log.list(new RequestLogQuery("acme", null, null, null, null, 100))))
                .containsExactly("r4", "r2", "r1");
        assertThat(ids(log.list(new RequestLogQuery("acme", T0.plusSeconds(60), null, null, null, 100))))
                .containsExactly("r4", "r2");
        assertThat(ids(log.list(new RequestLogQuery(null, null, T0.plusSeconds(120), null, null, 100))))
                .containsExactly("r2", "r1");
        assertThat(ids(log.list(new RequestLogQuery(null, null, null, 429, null, 100)))).containsExactly("r2");
        assertThat(ids(log.list(new RequestLogQuery(null, null, null, null, 5, 100)))).containsExactly("r4");
        assertThat(ids(log.list(new RequestLogQuery(null, null, null, null, null, 2)))).containsExactly("r5", "r4");
    }

    @OnEveryDialect
    void pruningDeletesOnlyEntriesOlderThanTheCutoff(Dialect dialect) {
        RequestLogRepository log = new RequestLogRepository(stores.open(dialect));
        log.insertAll(List.of(entry("rl_1", "old", T0.minus(Duration.ofDays(8)), "acme", 200),
                entry("rl_2", "new", T0.minus(Duration.ofDays(1)), "acme", 200)));

        assertThat(log.pruneBefore(T0.minus(Duration.ofDays(7)))).isEqualTo(1);
        assertThat(ids(log.list(new RequestLogQuery(null, null, null, null, null, 100)))).containsExactly("new");
    }

    private static List<String> ids(List<RequestLogEntry> entries) {
        return entries.stream().map(RequestLogEntry::requestId).toList();
    }
}
