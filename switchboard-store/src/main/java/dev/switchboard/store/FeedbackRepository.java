package dev.switchboard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Feedback on answers, one row per request id (a later verdict replaces an earlier one), added up
 * into acceptance rates for the usage report. Thread-safe.
 */
public final class FeedbackRepository {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final String COLUMNS = "request_id, tenant_id, tenant, key_id, model, route, accepted, score, comment, at";

    /**
     * Feedback added up over one group.
     *
     * @param group as in {@link UsageRow#group()}
     * @param count verdicts given
     * @param accepted how many of them accepted the answer
     */
    public record Acceptance(String group, long count, long accepted) {

        /** accepted / count, or null when there is no verdict. */
        public Double rate() {
            return count == 0 ? null : (double) accepted / count;
        }
    }

    private final Database database;

    public FeedbackRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** Stores {@code feedback}, replacing earlier feedback on the same request. */
    public void put(Feedback feedback) {
        String sql = "INSERT INTO feedback (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (request_id) DO UPDATE SET tenant_id = excluded.tenant_id, tenant = excluded.tenant,"
                + " key_id = excluded.key_id, model = excluded.model, route = excluded.route,"
                + " accepted = excluded.accepted, score = excluded.score, comment = excluded.comment, at = excluded.at";
        database.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, feedback.requestId());
                insert.setString(2, feedback.tenantId());
                insert.setString(3, feedback.tenant());
                insert.setString(4, feedback.keyId());
                insert.setString(5, feedback.model());
                insert.setString(6, feedback.route());
                insert.setBoolean(7, feedback.accepted());
                if (feedback.score() == null) {
                    insert.setNull(8, Types.DOUBLE);
                } else {
                    insert.setDouble(8, feedback.score());
                }
                insert.setString(9, feedback.comment());
                insert.setLong(10, feedback.at().toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    /** The feedback on a request, if any. */
    public Optional<Feedback> find(String requestId) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM feedback WHERE request_id = ?")) {
                select.setString(1, requestId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    double score = row.getDouble("score");
                    Double nullableScore = row.wasNull() ? null : score;
                    return Optional.of(new Feedback(row.getString("request_id"), row.getString("tenant_id"),
                            row.getString("tenant"), row.getString("key_id"), row.getString("model"),
                            row.getString("route"), row.getBoolean("accepted"), nullableScore,
                            row.getString("comment"), Instant.ofEpochMilli(row.getLong("at"))));
                }
            }
        });
    }

    /**
     * Verdicts and acceptances matching {@code query}'s filters (its time range applies to when the
     * verdict was given), grouped as {@code query} says, ordered by group (null last).
     */
    public List<Acceptance> acceptance(UsageQuery query) {
        String group = switch (query.groupBy()) {
            case DAY -> "at / " + MILLIS_PER_DAY;
            case MODEL -> "model";
            case KEY -> "key_id";
            case NONE -> null;
        };
        List<Object> parameters = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        UsageRepository.filter(where, parameters, "tenant_id = ?", query.tenantId());
        UsageRepository.filter(where, parameters, "key_id = ?", query.keyId());
        UsageRepository.filter(where, parameters, "model = ?", query.model());
        UsageRepository.filter(where, parameters, "at >= ?", query.from() == null ? null : query.from().toEpochMilli());
        UsageRepository.filter(where, parameters, "at < ?", query.to() == null ? null : query.to().toEpochMilli());
        String sql = "SELECT " + (group == null ? "NULL" : group) + " AS grp, COUNT(*),"
                + " SUM(CASE WHEN accepted THEN 1 ELSE 0 END) FROM feedback" + where
                + (group == null ? "" : " GROUP BY " + group);
        List<Acceptance> rows = database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet result = select.executeQuery()) {
                    List<Acceptance> read = new ArrayList<>();
                    while (result.next()) {
                        read.add(new Acceptance(UsageRepository.groupName(query.groupBy(), result), result.getLong(2),
                                result.getLong(3)));
                    }
                    return read;
                }
            }
        });
        rows.sort(Comparator.comparing(Acceptance::group, Comparator.nullsLast(Comparator.naturalOrder())));
        return rows;
    }
}
