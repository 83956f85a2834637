package dev.switchboard.store;

import dev.switchboard.core.accounting.UsageRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The usage ledger: one row per request, written in batches (by {@link UsageWriter}) and added up
 * for budgets and reports. Thread-safe.
 */
public final class UsageRepository {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final String INSERT = "INSERT INTO usage_records (id, request_id, at, tenant_id, key_id, model, "
            + "deployment, upstream_model, status, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, "
            + "cost_nanos, estimated, streamed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO NOTHING";

    private final Database database;

    public UsageRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Stores the records as one JDBC batch in one transaction: all or none. A record whose id is
     * already stored is skipped, so retrying a batch whose commit went unacknowledged is safe.
     *
     * @throws StoreException when the batch could not be written (nothing of it was)
     */
    public void insertAll(List<UsageRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (UsageRecord record : records) {
                    bind(insert, record);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /**
     * The cost of one tenant's or one key's requests at or after {@code from}: how budget counters
     * start after a restart. Exactly one of the two ids is given.
     *
     * @return billionths of a US dollar; 0 when there were none
     * @throws IllegalArgumentException unless exactly one id is non-null
     */
    public long costSince(String tenantIdOrNull, String keyIdOrNull, Instant from) {
        if ((tenantIdOrNull == null) == (keyIdOrNull == null)) {
            throw new IllegalArgumentException("costSince needs exactly one of tenantId and keyId, got "
                    + (tenantIdOrNull == null ? "neither" : "both"));
        }
        Objects.requireNonNull(from, "from");
        String column = tenantIdOrNull != null ? "tenant_id" : "key_id";
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COALESCE(SUM(cost_nanos), 0) FROM usage_records WHERE " + column + " = ? AND at >= ?")) {
                select.setString(1, tenantIdOrNull != null ? tenantIdOrNull : keyIdOrNull);
                select.setLong(2, from.toEpochMilli());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    /** Usage added up per group of {@code query}, ordered by group (null last). */
    public List<UsageRow> aggregate(UsageQuery query) {
        String group = switch (query.groupBy()) {
            case DAY -> "at / " + MILLIS_PER_DAY;
            case MODEL -> "model";
            case KEY -> "key_id";
            case NONE -> null;
        };
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        filter(where, parameters, "tenant_id = ?", query.tenantId());
        filter(where, parameters, "key_id = ?", query.keyId());
        filter(where, parameters, "model = ?", query.model());
        filter(where, parameters, "at >= ?", query.from() == null ? null : query.from().toEpochMilli());
        filter(where, parameters, "at < ?", query.to() == null ? null : query.to().toEpochMilli());
        String sql = "SELECT " + (group == null ? "NULL" : group) + " AS grp, COUNT(*), SUM(input_tokens), "
                + "SUM(cached_input_tokens), SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_nanos), "
                + "SUM(CASE WHEN estimated THEN 1 ELSE 0 END) FROM usage_records" + where
                + (group == null ? "" : " GROUP BY " + group);
        List<UsageRow> rows = database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet result = select.executeQuery()) {
                    List<UsageRow> read = new ArrayList<>();
                    while (result.next()) {
                        read.add(new UsageRow(groupName(query.groupBy(), result), result.getLong(2), result.getLong(3),
                                result.getLong(4), result.getLong(5), result.getLong(6), result.getLong(7),
                                result.getLong(8)));
                    }
                    return read;
                }
            }
        });
        // Sorted here, not in SQL: PostgreSQL sorts by the database's collation and puts NULL last,
        // SQLite sorts bytewise with NULL first. ISO dates sort as strings too.
        rows.sort(Comparator.comparing(UsageRow::group, Comparator.nullsLast(Comparator.naturalOrder())));
        return rows;
    }

    /** The group of a result row whose first column is the {@code group_by} value; shared with feedback. */
    static String groupName(UsageQuery.GroupBy groupBy, ResultSet result) throws SQLException {
        return switch (groupBy) {
            case DAY -> LocalDate.ofEpochDay(result.getLong(1)).toString();
            case MODEL, KEY -> result.getString(1);
            case NONE -> "all";
        };
    }

    /** Adds {@code condition} (with one {@code ?} for {@code value}) to a WHERE clause, unless the value is null. */
    static void filter(StringBuilder where, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            where.append(where.isEmpty() ? " WHERE " : " AND ").append(condition);
            parameters.add(value);
        }
    }

    private static void bind(PreparedStatement insert, UsageRecord record) throws SQLException {
        insert.setString(1, record.id());
        insert.setString(2, record.requestId());
        insert.setLong(3, record.at().toEpochMilli());
        insert.setString(4, record.tenantId());
        insert.setString(5, record.keyId());
        insert.setString(6, record.model());
        insert.setString(7, record.deployment());
        insert.setString(8, record.upstreamModel());
        insert.setInt(9, record.status());
        insert.setLong(10, record.inputTokens());
        insert.setLong(11, record.cachedInputTokens());
        insert.setLong(12, record.outputTokens());
        insert.setLong(13, record.reasoningTokens());
        insert.setLong(14, record.costNanos());
        insert.setBoolean(15, record.estimated());
        insert.setBoolean(16, record.streamed());
    }
}
