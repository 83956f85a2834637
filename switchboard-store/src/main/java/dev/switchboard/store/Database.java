package dev.switchboard.store;

import dev.switchboard.core.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * The store's database: a small connection pool over SQLite or PostgreSQL whose schema has been
 * brought up to date by the time {@link #open} returns. Repositories ({@link TenantRepository},
 * {@link ApiKeyRepository}, {@link UsageRepository}, {@link Settings}) are built on one.
 *
 * <p>SQLite gets a single connection (one writer per file; WAL mode, {@code busy_timeout} 5000 ms,
 * foreign keys on, write transactions begin {@code IMMEDIATE}). PostgreSQL gets up to
 * {@value #POSTGRESQL_POOL_SIZE} connections, opened as needed.
 *
 * <p>Thread-safe: any number of threads may use one instance; each unit of work gets a connection
 * to itself. Close it once, after everything built on it has stopped.
 */
public final class Database implements AutoCloseable {

    static final String BUILT_IN_MIGRATIONS = "dev/switchboard/store/migrations";
    static final String CONSENT_MIGRATIONS = "dev/switchboard/store/consent/migrations";
    static final String CONSENT_VERSION_TABLE = "consent_schema_version";
    private static final int POSTGRESQL_POOL_SIZE = 10;
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);
    private static final int VALIDITY_CHECK_SECONDS = 2;

    private final Dialect dialect;
    private final ConnectionPool pool;

    private Database(Dialect dialect, ConnectionPool pool) {
        this.dialect = dialect;
        this.pool = pool;
    }

    /**
     * Connects and applies the migrations the database lacks (see {@code README.md}).
     *
     * @throws IllegalArgumentException when the URL is neither {@code jdbc:sqlite:} nor
     *     {@code jdbc:postgresql:}; the message names the scheme only
     * @throws StoreException when the database cannot be reached (the message names host and port,
     *     never the password), or its schema cannot be used: a migration changed after it was
     *     applied, or the database was migrated by a newer Switchboard
     */
    public static Database open(StoreSettings settings) {
        return open(settings, Clock.systemUTC(), Ticker.system(), BUILT_IN_MIGRATIONS);
    }

    /** As {@link #open(StoreSettings)}, with the migrations of another classpath directory (tests). */
    static Database open(StoreSettings settings, Clock clock, String migrationsDirectory) {
        return open(settings, clock, Ticker.system(), migrationsDirectory);
    }

    /**
     * As {@link #open(StoreSettings)}, with the clock that stamps applied migrations, the ticker
     * that times connections' idleness, and the classpath directory of the migrations.
     */
    static Database open(StoreSettings settings, Clock clock, Ticker ticker, String migrationsDirectory) {
        return open(settings, clock, ticker, migrationsDirectory, MigrationRunner.VERSION_TABLE);
    }

    /**
     * As {@link #open(StoreSettings, Clock, Ticker, String)}, recording applied migrations in
     * {@code versionTable}: a store of its own (the consent store) can share a schema with another.
     */
    static Database open(StoreSettings settings, Clock clock, Ticker ticker, String migrationsDirectory,
                         String versionTable) {
        Dialect dialect = Dialect.ofUrl(settings.url());
        List<Migration> migrations = Migrations.load(migrationsDirectory, dialect);
        int size = dialect == Dialect.SQLITE ? 1 : POSTGRESQL_POOL_SIZE;
        ConnectionPool pool = new ConnectionPool(opener(settings, dialect), size, BORROW_TIMEOUT, ticker);
        Database database = new Database(dialect, pool);
        try {
            MigrationRunner runner = new MigrationRunner(dialect, clock, versionTable);
            database.withConnection(connection -> runner.migrate(connection, migrations));
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Which database this is; repositories use it where SQL must differ. */
    public Dialect dialect() {
        return dialect;
    }

    /** Closes the pool's connections. Work still running keeps its connection until it ends. */
    @Override
    public void close() {
        pool.close();
    }

    /** Some work with a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * @throws StoreException wrapping the {@link SQLException} that failed it
     */
    <T> T inTransaction(Work<T> work) {
        return transaction(work, false);
    }

    /**
     * Runs read-only {@code work} in one transaction that sees a single snapshot of the database,
     * even for several statements (PostgreSQL: {@code REPEATABLE READ}).
     */
    <T> T inSnapshot(Work<T> work) {
        return transaction(work, true);
    }

    /**
     * Runs {@code work} with a connection in auto-commit mode: for single statements, and for work
     * that manages its own transactions (it must leave auto-commit on).
     *
     * @throws StoreException wrapping the {@link SQLException} that failed it
     */
    <T> T withConnection(Work<T> work) {
        Connection connection;
        try {
            connection = pool.borrow();
        } catch (SQLException e) {
            throw new StoreException(SqlErrors.describe(e), e);
        }
        boolean failed = true;
        try {
            T result = work.run(connection);
            failed = false;
            return result;
        } catch (SQLException e) {
            throw new StoreException(SqlErrors.describe(e), e);
        } finally {
            pool.release(connection, !failed || stillUsable(connection));
        }
    }

    private <T> T transaction(Work<T> work, boolean snapshot) {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                String begin = snapshot ? dialect.snapshotStatement() : null;
                if (begin != null) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(begin);
                    }
                }
                T result = work.run(connection);
                connection.commit();
                connection.setAutoCommit(true);
                return result;
            } catch (Throwable failure) {
                try {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } catch (SQLException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
        });
    }

    /** After a failure: whether the connection can serve the next borrower (else the pool drops it). */
    private static boolean stillUsable(Connection connection) {
        try {
            return !connection.isClosed() && connection.getAutoCommit() && connection.isValid(VALIDITY_CHECK_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private static ConnectionPool.Opener opener(StoreSettings settings, Dialect dialect) {
        return dialect == Dialect.SQLITE ? () -> openSqlite(settings.url()) : () -> openPostgresql(settings);
    }

    private static Connection openSqlite(String url) throws SQLException {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        if (!file.isEmpty() && !file.startsWith(":") && !file.startsWith("file:")) {
            createParentDirectory(file);
        }
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("busy_timeout", "5000");
        properties.setProperty("foreign_keys", "true");
        // Begin write transactions IMMEDIATE: a deferred one that reads first and then writes can
        // fail at once with SQLITE_BUSY (no busy wait) when another process wrote in between.
        properties.setProperty("transaction_mode", "IMMEDIATE");
        try {
            return Dialect.SQLITE.driver().connect(url, properties);
        } catch (SQLException e) {
            throw new SQLException("cannot open SQLite database " + file + ": " + SqlErrors.describe(e), e.getSQLState(), e);
        }
    }

    private static void createParentDirectory(String file) throws SQLException {
        try {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException | InvalidPathException e) {
            throw new SQLException("cannot create the directory of SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private static Connection openPostgresql(StoreSettings settings) throws SQLException {
        Properties properties = new Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "switchboard");
        // Keep row values out of error messages: they end up in logs.
        properties.setProperty("logServerErrorDetail", "false");
        try {
            Connection connection = Dialect.POSTGRESQL.driver().connect(settings.url(), properties);
            if (connection == null) {
                throw new SQLException("the PostgreSQL driver does not accept the URL");
            }
            return connection;
        } catch (SQLException e) {
            throw new SQLException("cannot connect to PostgreSQL at " + PostgresqlUrl.address(settings.url())
                    + " (database '" + PostgresqlUrl.database(settings.url()) + "', user '" + settings.user() + "'): "
                    + SqlErrors.describe(e), e.getSQLState(), e);
        }
    }
}
