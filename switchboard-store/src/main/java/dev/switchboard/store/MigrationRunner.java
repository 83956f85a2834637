package dev.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Brings a database's schema up to date, Flyway-style: a version table ({@code schema_version} for
 * the main store, {@code consent_schema_version} for the consent store) records every applied
 * migration with its checksum; missing ones are applied in order, each in its own
 * transaction together with its {@code schema_version} row.
 *
 * <p>It refuses (with {@link StoreException}) a database migrated by a newer Switchboard (a
 * version this code does not know), one where an applied migration's file has since changed, and
 * one missing a migration older than the newest it has.
 *
 * <p>On PostgreSQL the whole run holds a session advisory lock, keyed by the schema, so replicas
 * starting together apply each migration once: the others wait, then find nothing to do (the key
 * includes the version table when it is not {@code schema_version}, so two stores in one schema do
 * not wait on each other). On
 * SQLite a file belongs to one gateway process, which needs no lock. Not thread-safe; one run
 * per connection at a time.
 */
final class MigrationRunner {

    private static final System.Logger LOG = System.getLogger(MigrationRunner.class.getName());
    /** First half of the advisory lock key: "SBMG", Switchboard migrations. The second half is the schema. */
    private static final int LOCK_CLASS = 0x53424d47;

    static final String VERSION_TABLE = "schema_version";

    private final Dialect dialect;
    private final Clock clock;
    private final String versionTable;

    MigrationRunner(Dialect dialect, Clock clock) {
        this(dialect, clock, VERSION_TABLE);
    }

    /** @param versionTable the table that records applied migrations: a plain SQL identifier */
    MigrationRunner(Dialect dialect, Clock clock, String versionTable) {
        if (!versionTable.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain table name: " + versionTable);
        }
        this.dialect = dialect;
        this.clock = clock;
        this.versionTable = versionTable;
    }

    /**
     * Applies the migrations the database lacks; expects and leaves the connection in auto-commit.
     *
     * @return how many were applied
     */
    int migrate(Connection connection, List<Migration> migrations) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            return applyMissing(connection, migrations);
        }
        String schema = currentSchema(connection);
        if (!versionTable.equals(VERSION_TABLE)) {
            schema = schema + "." + versionTable;
        }
        lock(connection, "SELECT pg_advisory_lock(?, hashtext(?))", schema);
        try {
            return applyMissing(connection, migrations);
        } finally {
            lock(connection, "SELECT pg_advisory_unlock(?, hashtext(?))", schema);
        }
    }

    private int applyMissing(Connection connection, List<Migration> migrations) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INTEGER PRIMARY KEY, "
                    + "description TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        }
        NavigableMap<Integer, Applied> applied = applied(connection, versionTable);
        check(applied, migrations);
        int count = 0;
        for (Migration migration : migrations) {
            if (!applied.containsKey(migration.version())) {
                apply(connection, migration);
                count++;
            }
        }
        return count;
    }

    private static void check(NavigableMap<Integer, Applied> applied, List<Migration> migrations) {
        int newestApplied = applied.isEmpty() ? 0 : applied.lastKey();
        if (newestApplied > migrations.size()) {
            throw new StoreException("the database schema is at version " + newestApplied + " ("
                    + applied.get(newestApplied).description() + ") but this Switchboard knows migrations only up to version "
                    + migrations.size() + ": it was upgraded by a newer Switchboard. Run that version (or newer), "
                    + "or point this one at another database");
        }
        for (Migration migration : migrations) {
            Applied done = applied.get(migration.version());
            if (done == null && migration.version() < newestApplied) {
                throw new StoreException("migration " + migration.label() + " was never applied to this database, "
                        + "yet version " + newestApplied + " was: the database was migrated by a different build");
            }
            if (done != null && !done.checksum().equals(migration.checksum())) {
                throw new StoreException("migration " + migration.label() + " (" + migration.file()
                        + ") changed after it was applied: checksum " + done.checksum() + " in the database, "
                        + migration.checksum() + " in this Switchboard. Restore the file as it was and put the "
                        + "change in a new migration");
            }
        }
    }

    private void apply(Connection connection, Migration migration) throws SQLException {
        List<String> statements = migration.statements();
        connection.setAutoCommit(false);
        int index = 0;
        try (Statement statement = connection.createStatement()) {
            for (; index < statements.size(); index++) {
                statement.execute(statements.get(index));
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + versionTable + " (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.description());
                insert.setString(3, migration.checksum());
                insert.setLong(4, clock.millis());
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            String where = index < statements.size() ? " at statement " + (index + 1) + " of " + statements.size() : "";
            throw new StoreException("migration " + migration.label() + " failed" + where + " and was rolled back: "
                    + SqlErrors.describe(e), e);
        } finally {
            connection.setAutoCommit(true);
        }
        LOG.log(System.Logger.Level.INFO, "applied migration {0} to the {1} store", migration.label(),
                dialect.name().toLowerCase());
    }

    private static NavigableMap<Integer, Applied> applied(Connection connection, String versionTable) throws SQLException {
        NavigableMap<Integer, Applied> applied = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, description, checksum FROM " + versionTable)) {
            while (rows.next()) {
                applied.put(rows.getInt(1), new Applied(rows.getString(2), rows.getString(3)));
            }
        }
        return applied;
    }

    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_schema()")) {
            String schema = row.next() ? row.getString(1) : null;
            if (schema == null) {
                throw new StoreException("PostgreSQL has no schema to create the store's tables in: the schema "
                        + "named by currentSchema (or the search_path) does not exist; create it first");
            }
            return schema;
        }
    }

    private static void lock(Connection connection, String sql, String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, LOCK_CLASS);
            statement.setString(2, schema);
            statement.executeQuery().close();
        }
    }

    private record Applied(String description, String checksum) {
    }
}
