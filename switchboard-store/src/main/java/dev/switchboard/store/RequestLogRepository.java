package dev.switchboard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The request log: one row per request, written in batches by {@link RequestLogWriter}, looked up
 * by request id, listed with filters, and pruned after its retention. Thread-safe.
 */
public final class RequestLogRepository {

    private static final String COLUMNS = "id, request_id, at, tenant_id, tenant, key_prefix, route, model, deployment,"
            + " attempts, status, error_type, latency_micros, ttft_micros, input_tokens, output_tokens, cost_nanos,"
            + " streamed, cache, guards, trace_id, request_body, response_body";
    private static final String INSERT = "INSERT INTO request_log (" + COLUMNS + ") VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    private final Database database;

    public RequestLogRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Stores the entries in one transaction; ids already stored are skipped, so a retried batch
     * never duplicates one.
     *
     * @throws StoreException when the batch could not be written (nothing of it was)
     */
    public void insertAll(List<RequestLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (RequestLogEntry entry : entries) {
                    bind(insert, entry);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The newest entry with this request id (clients may reuse ids), if any is kept. */
    public Optional<RequestLogEntry> find(String requestId) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM request_log WHERE request_id = ? ORDER BY at DESC, id DESC LIMIT 1")) {
                select.setString(1, requestId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    /** The entries matching {@code query}, newest first. */
    public List<RequestLogEntry> list(RequestLogQuery query) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        filter(where, parameters, "tenant = ?", query.tenant());
        filter(where, parameters, "at >= ?", query.from() == null ? null : query.from().toEpochMilli());
        filter(where, parameters, "at < ?", query.to() == null ? null : query.to().toEpochMilli());
        filter(where, parameters, "status = ?", query.status());
        if (query.statusClass() != null) {
            filter(where, parameters, "status >= ?", query.statusClass() * 100);
            filter(where, parameters, "status < ?", query.statusClass() * 100 + 100);
        }
        String sql = "SELECT " + COLUMNS + " FROM request_log" + where + " ORDER BY at DESC, id DESC LIMIT "
                + query.limit();
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<RequestLogEntry> entries = new ArrayList<>();
                    while (rows.next()) {
                        entries.add(read(rows));
                    }
                    return entries;
                }
            }
        });
    }

    /**
     * Deletes entries that arrived before {@code before}.
     *
     * @return how many were deleted
     */
    public int pruneBefore(Instant before) {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM request_log WHERE at < ?")) {
                delete.setLong(1, before.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    private static void filter(StringBuilder where, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            where.append(where.isEmpty() ? " WHERE " : " AND ").append(condition);
            parameters.add(value);
        }
    }

    private static void bind(PreparedStatement insert, RequestLogEntry e) throws SQLException {
        insert.setString(1, e.id());
        insert.setString(2, e.requestId());
        insert.setLong(3, e.at().toEpochMilli());
        insert.setString(4, e.tenantId());
        insert.setString(5, e.tenant());
        insert.setString(6, e.keyPrefix());
        insert.setString(7, e.route());
        insert.setString(8, e.model());
        insert.setString(9, e.deployment());
        insert.setInt(10, e.attempts());
        insert.setInt(11, e.status());
        insert.setString(12, e.errorType());
        insert.setLong(13, e.latencyMicros());
        Columns.setLong(insert, 14, e.ttftMicros());
        insert.setLong(15, e.inputTokens());
        insert.setLong(16, e.outputTokens());
        insert.setLong(17, e.costNanos());
        insert.setBoolean(18, e.streamed());
        insert.setString(19, e.cache());
        insert.setString(20, Columns.json(e.guards()));
        insert.setString(21, e.traceId());
        insert.setString(22, e.requestBody());
        insert.setString(23, e.responseBody());
    }

    private static RequestLogEntry read(ResultSet row) throws SQLException {
        return new RequestLogEntry(row.getString("id"), row.getString("request_id"),
                Instant.ofEpochMilli(row.getLong("at")), row.getString("tenant_id"), row.getString("tenant"),
                row.getString("key_prefix"), row.getString("route"), row.getString("model"),
                row.getString("deployment"), row.getInt("attempts"), row.getInt("status"), row.getString("error_type"),
                row.getLong("latency_micros"), Columns.getLong(row, "ttft_micros"), row.getLong("input_tokens"),
                row.getLong("output_tokens"), row.getLong("cost_nanos"), row.getBoolean("streamed"),
                row.getString("cache"), Columns.getStringList(row, "guards"), row.getString("trace_id"),
                row.getString("request_body"), row.getString("response_body"));
    }
}
