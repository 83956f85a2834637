package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.switchboard.core.time.FakeTicker;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @RegisterExtension
    final Stores stores = new Stores();

    @TempDir
    Path directory;

    @Test
    void refusesAnUnsupportedUrlNamingItsSchemeButNeverThePassword() {
        assertThatThrownBy(() -> Database.open(new StoreSettings("jdbc:mysql://db:3306/sb?password=hunter2", "sb", "hunter2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported store URL scheme 'jdbc:mysql:'")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> Database.open(new StoreSettings("postgres://sb:hunter2@db/sb", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'postgres:'")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void reportsAnUnreachablePostgresqlWithHostAndPortButNeverThePassword() {
        StoreSettings unreachable = new StoreSettings("jdbc:postgresql://127.0.0.1:1/ledger?password=hunter2", "sb", "hunter2");

        assertThatThrownBy(() -> Database.open(unreachable))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at 127.0.0.1:1 (database 'ledger', user 'sb')")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void reportsAPostgresqlSchemaThatDoesNotExist() {
        String url = Stores.PG_URL + (Stores.PG_URL.contains("?") ? "&" : "?") + "currentSchema=sb_test_no_such_schema";

        assertThatThrownBy(() -> Database.open(new StoreSettings(url, Stores.PG_USER, null)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("PostgreSQL has no schema to create the store's tables in");
    }

    @Test
    void settingsNeverShowThePassword() {
        StoreSettings settings = new StoreSettings("jdbc:postgresql://db/sb?password=hunter2", "sb", "hunter2");

        assertThat(settings.toString()).contains("jdbc:postgresql:", "sb").doesNotContain("hunter2");
    }

    @Test
    void sqliteRunsInWalModeWithABusyTimeoutAndForeignKeys() {
        Database database = stores.open(Dialect.SQLITE);

        assertThat(pragma(database, "journal_mode")).isEqualTo("wal");
        assertThat(pragma(database, "busy_timeout")).isEqualTo("5000");
        assertThat(pragma(database, "foreign_keys")).isEqualTo("1");
    }

    @Test
    void createsTheDirectoryOfANewSqliteFile() {
        Path file = directory.resolve("data/switchboard/store.db");

        stores.open(StoreSettings.sqlite(file));

        assertThat(file).exists();
        assertThat(Files.isRegularFile(file)).isTrue();
    }

    @OnEveryDialect
    void aTransactionThatThrowsLeavesNoTraceAndItsConnectionServesTheNextOne(Dialect dialect) {
        Database database = stores.open(dialect);

        assertThatThrownBy(() -> database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)")) {
                insert.setString(1, "half");
                insert.setString(2, "done");
                insert.executeUpdate();
            }
            throw new IllegalStateException("changed my mind");
        })).hasMessage("changed my mind");

        Settings settings = new Settings(database);
        assertThat(settings.get("half")).isNull();
        assertThat(settings.putIfAbsent("whole", "done")).isEqualTo("done");
    }

    @OnEveryDialect
    void aFailedStatementSurfacesAsAStoreExceptionWithTheDatabasesReason(Dialect dialect) {
        Database database = stores.open(dialect);

        assertThatThrownBy(() -> database.withConnection(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.execute("SELECT * FROM no_such_table");
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("no_such_table");
        assertThat(new StoreKeySource(database).version()).isZero();
    }

    @Test
    void aPostgresqlConnectionTheServerDroppedWhileIdleIsReplacedBeforeUse() throws SQLException {
        FakeTicker ticker = new FakeTicker();
        StoreSettings settings = stores.fresh(Dialect.POSTGRESQL);
        Database database = stores.track(Database.open(settings, Clock.systemUTC(), ticker, Database.BUILT_IN_MIGRATIONS));
        int backend = database.withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                row.next();
                return row.getInt(1);
            }
        });
        try (PreparedStatement terminate = stores.connect(settings).prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
            terminate.setInt(1, backend);
            try (ResultSet terminated = terminate.executeQuery()) {
                assertThat(terminated.next() && terminated.getBoolean(1)).isTrue();
            }
        }
        ticker.advance(ConnectionPool.CHECK_AFTER_IDLE.plusMillis(1));

        assertThat(new StoreKeySource(database).version()).isZero();
    }

    @OnEveryDialect
    void aClosedDatabaseRefusesWork(Dialect dialect) {
        Database database = stores.open(dialect);
        database.close();

        assertThatThrownBy(() -> new StoreKeySource(database).version())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the store is closed");
    }

    private static String pragma(Database database, String name) {
        return database.withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("PRAGMA " + name)) {
                row.next();
                return row.getString(1);
            }
        });
    }
}
