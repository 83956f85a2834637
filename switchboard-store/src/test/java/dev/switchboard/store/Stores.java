package dev.switchboard.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fresh, isolated stores for tests: each {@link #fresh} is a new SQLite file in a temporary
 * directory, or a new schema {@code sb_test_*} of the test PostgreSQL database
 * ({@code SWITCHBOARD_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}, as
 * {@code SWITCHBOARD_TEST_PG_USER}, default {@code postgres}). After each test, what it opened is
 * closed and its schemas and files are removed. Register with {@code @RegisterExtension} on an
 * instance field (JUnit gives each test its own instance).
 */
final class Stores implements AfterEachCallback {

    static final String PG_URL = env("SWITCHBOARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String PG_USER = env("SWITCHBOARD_TEST_PG_USER", "postgres");

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final List<String> schemas = new ArrayList<>();
    private Path directory;

    /** Settings of a new, empty store. */
    synchronized StoreSettings fresh(Dialect dialect) {
        String name = "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (dialect == Dialect.SQLITE) {
            return StoreSettings.sqlite(directory().resolve(name + ".db"));
        }
        try (Connection admin = DriverManager.getConnection(PG_URL, PG_USER, null);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema at " + PG_URL + " as " + PG_USER
                    + " (set SWITCHBOARD_TEST_PG_URL / SWITCHBOARD_TEST_PG_USER, or run scripts/test)", e);
        }
        schemas.add(name);
        return new StoreSettings(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + name, PG_USER, null);
    }

    /** A new, migrated store, closed after the test. */
    Database open(Dialect dialect) {
        return open(fresh(dialect));
    }

    /** Another {@link Database} on {@code settings} (another replica), closed after the test. */
    Database open(StoreSettings settings) {
        return track(Database.open(settings));
    }

    /** A plain JDBC connection to the store, beside any {@link Database}: for what tests do behind its back. */
    Connection connect(StoreSettings settings) {
        try {
            Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
            if (settings.url().startsWith("jdbc:sqlite:")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA busy_timeout = 5000");
                }
            }
            return track(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement on a plain connection to the store. */
    void execute(StoreSettings settings, String sql) {
        try (Statement statement = connect(settings).createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized <T extends AutoCloseable> T track(T closeable) {
        opened.push(closeable);
        return closeable;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
        if (!schemas.isEmpty()) {
            try (Connection admin = DriverManager.getConnection(PG_URL, PG_USER, null);
                 Statement statement = admin.createStatement()) {
                for (String schema : schemas) {
                    statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
            schemas.clear();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            directory = null;
        }
    }

    private Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("switchboard-store-test");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return directory;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
