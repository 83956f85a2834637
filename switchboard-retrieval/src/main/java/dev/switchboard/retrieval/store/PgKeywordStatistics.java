package dev.switchboard.retrieval.store;

import dev.switchboard.core.time.Ticker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link PgVectorStore}'s keyword search knows of how common each word of a collection is:
 * PostgreSQL's own statistics of the table's {@code tsv} column ({@code pg_stats}: the share of rows
 * holding each of the most common lexemes, and the table's row count), cached per table for
 * {@value #MAX_AGE_SECONDS} s because another replica's writes change them too. Tables this store
 * changed much (more than {@value #ANALYZE_AFTER_WRITES} chunks and a tenth of the table) are analyzed
 * on request, so that a large load is planned well at once rather than when autovacuum gets to it.
 * Thread-safe.
 */
final class PgKeywordStatistics {

    static final long MAX_AGE_SECONDS = 300;
    static final long ANALYZE_AFTER_WRITES = 1000;

    private final Ticker ticker;
    /** Per table: statistics of its {@code tsv} column, and when they were read. */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Per table: chunks this store inserted or deleted since it last analyzed the table. */
    private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();

    private record Cached(PgKeywordPlan.Statistics statistics, long readAt) {
    }

    PgKeywordStatistics(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The table's statistics as of its last ANALYZE ({@link PgKeywordPlan.Statistics#NONE} if never analyzed). */
    PgKeywordPlan.Statistics of(Connection c, String table) throws SQLException {
        long now = ticker.read();
        Cached cached = cache.get(table);
        if (cached != null && now - cached.readAt < MAX_AGE_SECONDS * 1_000_000_000L) {
            return cached.statistics;
        }
        PgKeywordPlan.Statistics read = PgKeywordPlan.Statistics.NONE;
        try (PreparedStatement q = c.prepareStatement("SELECT c.reltuples, s.most_common_elems::text::text[],"
                + " s.most_common_elem_freqs FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname ="
                + " c.relnamespace::regnamespace::text AND s.tablename = c.relname AND s.attname = 'tsv'"
                + " WHERE c.oid = to_regclass(?)")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && rs.getArray(2) != null && rs.getArray(3) != null) {
                    String[] elements = (String[]) rs.getArray(2).getArray();
                    Object[] shares = (Object[]) rs.getArray(3).getArray(); // then min, max and null share
                    Map<String, Double> frequencies = new HashMap<>();
                    for (int i = 0; i < elements.length && i < shares.length; i++) {
                        frequencies.put(elements[i], ((Number) shares[i]).doubleValue());
                    }
                    double rarest = shares.length > elements.length ? ((Number) shares[elements.length]).doubleValue() : 0;
                    read = new PgKeywordPlan.Statistics(rs.getDouble(1), frequencies, rarest);
                }
            }
        }
        cache.put(table, new Cached(read, now));
        return read;
    }

    /** Counts chunks this store inserted or deleted in a table. */
    void wrote(String table, long chunks) {
        writes.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(chunks);
    }

    /** Analyzes the tables changed much since this store last analyzed them. */
    void analyzeChanged(ConnectionPool pool) throws SQLException {
        for (Map.Entry<String, AtomicLong> entry : writes.entrySet()) {
            long written = entry.getValue().get();
            String table = entry.getKey();
            if (written >= ANALYZE_AFTER_WRITES && pool.with(c -> analyze(c, table, written))) {
                entry.getValue().addAndGet(-written);
                cache.remove(table);
            }
        }
    }

    private boolean analyze(Connection c, String table, long written) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT reltuples FROM pg_class WHERE oid = to_regclass('" + table + "')")) {
                if (!rs.next() || rs.getObject(1) == null) { // dropped meanwhile, through another replica
                    forget(table);
                    return false;
                }
                if (written < 0.1 * rs.getDouble(1)) {
                    return false;
                }
            }
            s.execute("ANALYZE " + table);
            return true;
        }
    }

    /** Forgets a dropped table. */
    void forget(String table) {
        cache.remove(table);
        writes.remove(table);
    }
}
