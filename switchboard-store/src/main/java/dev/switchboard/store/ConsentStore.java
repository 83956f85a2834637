package dev.switchboard.store;

import dev.switchboard.core.consent.Consent;
import dev.switchboard.core.consent.ConsentSource;
import dev.switchboard.core.consent.ConsentUse;
import dev.switchboard.core.time.Ticker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The consent vault's database: subjects, their consents per purpose, and the log of uses. It has
 * its own migrations ({@code dev/switchboard/store/consent/migrations}, recorded in
 * {@code consent_schema_version}) so it can live in its own database or schema with its own
 * credentials, apart from the main store. Every grant, revocation and erasure bumps
 * {@code consent_changes}, so each replica's {@link dev.switchboard.core.consent.ConsentBook} sees it.
 *
 * <p>Times are kept to the millisecond. Thread-safe. Close it after the {@link ConsentUseWriter}.
 */
public final class ConsentStore implements ConsentSource, AutoCloseable {

    private static final String CONSENT_COLUMNS =
            "id, subject_id, purpose, fields, granted_at, expires_at, retention_ms, revoked_at";
    private static final String USE_COLUMNS = "id, request_id, subject_id, purpose, consent_id, tenant, fields_passed,"
            + " fields_redacted, at, delete_after";
    private static final Comparator<Consent> GRANT_ORDER =
            Comparator.comparing(Consent::grantedAt).thenComparing(Consent::id);
    private static final Comparator<ConsentUse> USE_ORDER =
            Comparator.comparing(ConsentUse::at).thenComparing(ConsentUse::id);

    private final Database database;

    private ConsentStore(Database database) {
        this.database = database;
    }

    /**
     * Connects and applies the consent migrations the database lacks.
     *
     * @throws IllegalArgumentException for a URL that is neither SQLite nor PostgreSQL
     * @throws StoreException when the database cannot be reached or its schema cannot be used
     */
    public static ConsentStore open(StoreSettings settings) {
        return new ConsentStore(Database.open(settings, Clock.systemUTC(), Ticker.system(), Database.CONSENT_MIGRATIONS,
                Database.CONSENT_VERSION_TABLE));
    }

    public Dialect dialect() {
        return database.dialect();
    }

    /**
     * Records {@code consent} (not revoked), creating its subject if new; an unrevoked consent of
     * the same subject for the same purpose is revoked at {@code consent.grantedAt()}: a new grant
     * replaces the old one.
     *
     * @return the consents it replaced (revoked), usually none or one
     */
    public List<Consent> grant(Consent consent) {
        if (consent.revokedAt() != null) {
            throw new IllegalArgumentException("a granted consent cannot be revoked already: " + consent.id());
        }
        return database.inTransaction(connection -> {
            try (PreparedStatement subject = connection.prepareStatement(
                    "INSERT INTO subjects (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                subject.setString(1, consent.subject());
                Columns.setInstant(subject, 2, consent.grantedAt());
                subject.executeUpdate();
            }
            List<Consent> replaced = revokeActive(connection, consent.subject(), consent.purpose(), consent.grantedAt());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consents (" + CONSENT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL)")) {
                insert.setString(1, consent.id());
                insert.setString(2, consent.subject());
                insert.setString(3, consent.purpose());
                insert.setString(4, Columns.json(new TreeSet<>(consent.fields())));
                Columns.setInstant(insert, 5, consent.grantedAt());
                Columns.setInstant(insert, 6, consent.expiresAt());
                insert.setLong(7, consent.retention().toMillis());
                insert.executeUpdate();
            }
            bump(connection);
            return replaced;
        });
    }

    /**
     * Revokes the subject's consent for {@code purpose} at {@code at}.
     *
     * @return the revoked consent, or empty when the subject had none unrevoked for that purpose
     */
    public Optional<Consent> revoke(String subject, String purpose, Instant at) {
        return database.inTransaction(connection -> {
            List<Consent> revoked = revokeActive(connection, subject, purpose, at);
            if (revoked.isEmpty()) {
                return Optional.<Consent>empty();
            }
            bump(connection);
            return Optional.of(revoked.get(revoked.size() - 1));
        });
    }

    /** Every consent the subject gave, revoked and expired ones too, oldest first. */
    public List<Consent> consents(String subject) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + CONSENT_COLUMNS + " FROM consents WHERE subject_id = ?")) {
                select.setString(1, subject);
                return sorted(readConsents(select), GRANT_ORDER);
            }
        });
    }

    /** True when the subject is known (has given consent and not been erased). */
    public boolean hasSubject(String subject) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM subjects WHERE id = ?")) {
                select.setString(1, subject);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public long version() {
        return database.withConnection(ConsentStore::version);
    }

    @Override
    public Snapshot load() {
        return database.inSnapshot(connection -> {
            long version = version(connection);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + CONSENT_COLUMNS + " FROM consents WHERE revoked_at IS NULL")) {
                return new Snapshot(version, readConsents(select));
            }
        });
    }

    /** Writes uses in one transaction; a use whose id is stored already is skipped. */
    public void recordUses(List<ConsentUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consent_uses (" + USE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                for (ConsentUse use : uses) {
                    insert.setString(1, use.id());
                    insert.setString(2, use.requestId());
                    insert.setString(3, use.subject());
                    insert.setString(4, use.purpose());
                    insert.setString(5, use.consentId());
                    insert.setString(6, use.tenant());
                    insert.setString(7, Columns.json(use.fieldsPassed()));
                    insert.setString(8, Columns.json(use.fieldsRedacted()));
                    Columns.setInstant(insert, 9, use.at());
                    Columns.setInstant(insert, 10, use.deleteAfter());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The subject's uses still kept, oldest first. */
    public List<ConsentUse> uses(String subject) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + USE_COLUMNS + " FROM consent_uses WHERE subject_id = ?")) {
                select.setString(1, subject);
                List<ConsentUse> uses = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        uses.add(new ConsentUse(rows.getString("id"), rows.getString("request_id"),
                                rows.getString("subject_id"), rows.getString("purpose"), rows.getString("consent_id"),
                                rows.getString("tenant"), Columns.getStringList(rows, "fields_passed"),
                                Columns.getStringList(rows, "fields_redacted"), Columns.getInstant(rows, "at"),
                                Columns.getInstant(rows, "delete_after")));
                    }
                }
                return sorted(uses, USE_ORDER);
            }
        });
    }

    /**
     * Deletes the uses whose retention ended by {@code now} ({@code delete_after <= now}).
     *
     * @return how many were deleted
     */
    public int pruneUses(Instant now) {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM consent_uses WHERE delete_after <= ?")) {
                Columns.setInstant(delete, 1, now);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Removes everything the vault holds about {@code subject}, in one transaction: the subject,
     * every consent (revoked ones too) and every use.
     *
     * @return how many rows were deleted
     */
    public long erase(String subject) {
        return database.inTransaction(connection -> {
            long deleted = 0;
            for (String sql : List.of("DELETE FROM consent_uses WHERE subject_id = ?",
                    "DELETE FROM consents WHERE subject_id = ?", "DELETE FROM subjects WHERE id = ?")) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setString(1, subject);
                    deleted += delete.executeUpdate();
                }
            }
            if (deleted > 0) {
                bump(connection);
            }
            return deleted;
        });
    }

    @Override
    public void close() {
        database.close();
    }

    private static List<Consent> revokeActive(Connection connection, String subject, String purpose, Instant at)
            throws SQLException {
        List<Consent> active;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + CONSENT_COLUMNS
                + " FROM consents WHERE subject_id = ? AND purpose = ? AND revoked_at IS NULL")) {
            select.setString(1, subject);
            select.setString(2, purpose);
            active = sorted(readConsents(select), GRANT_ORDER);
        }
        if (active.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE consents SET revoked_at = ?"
                + " WHERE subject_id = ? AND purpose = ? AND revoked_at IS NULL")) {
            Columns.setInstant(update, 1, at);
            update.setString(2, subject);
            update.setString(3, purpose);
            update.executeUpdate();
        }
        Instant stamped = Instant.ofEpochMilli(at.toEpochMilli());
        return active.stream().map(consent -> consent.revoked(stamped)).toList();
    }

    private static List<Consent> readConsents(PreparedStatement select) throws SQLException {
        List<Consent> consents = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                consents.add(new Consent(rows.getString("id"), rows.getString("subject_id"), rows.getString("purpose"),
                        new TreeSet<>(Columns.getStringList(rows, "fields")), Columns.getInstant(rows, "granted_at"),
                        Columns.getInstant(rows, "expires_at"), Duration.ofMillis(rows.getLong("retention_ms")),
                        Columns.getInstant(rows, "revoked_at")));
            }
        }
        return consents;
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return List.copyOf(copy);
    }

    private static void bump(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.executeUpdate("UPDATE consent_changes SET version = version + 1 WHERE id = 1") != 1) {
                throw new StoreException("the consent_changes table has no row: the consent store's schema is damaged");
            }
        }
    }

    private static long version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT version FROM consent_changes WHERE id = 1")) {
            if (!row.next()) {
                throw new StoreException("the consent_changes table has no row: the consent store's schema is damaged");
            }
            return row.getLong(1);
        }
    }
}
