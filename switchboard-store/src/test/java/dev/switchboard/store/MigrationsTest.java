package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigrationsTest {

    @RegisterExtension
    final Stores stores = new Stores();

    private static final Clock FIRST_START = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
    private static final Clock SECOND_START = Clock.fixed(Instant.parse("2025-04-01T09:00:00Z"), ZoneOffset.UTC);

    @OnEveryDialect
    void appliesEveryMigrationToAnEmptyDatabaseAndRecordsIt(Dialect dialect) {
        Database database = stores.track(Database.open(stores.fresh(dialect), FIRST_START, Database.BUILT_IN_MIGRATIONS));

        List<Migration> known = Migrations.load(Database.BUILT_IN_MIGRATIONS, dialect);
        assertThat(appliedRows(database)).containsExactlyElementsOf(known.stream()
                .map(m -> m.version() + " " + m.description() + " " + m.checksum() + " " + FIRST_START.millis())
                .toList());
        assertThat(new StoreKeySource(database).version()).isZero();
        assertThat(new TenantRepository(database).list()).isEmpty();
    }

    @OnEveryDialect
    void reopeningAnUpToDateDatabaseAppliesNothing(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);
        List<String> first;
        try (Database database = Database.open(settings, FIRST_START, Database.BUILT_IN_MIGRATIONS)) {
            first = appliedRows(database);
        }

        Database reopened = stores.track(Database.open(settings, SECOND_START, Database.BUILT_IN_MIGRATIONS));

        assertThat(appliedRows(reopened)).isEqualTo(first);
    }

    @Test
    void replicasStartingTogetherOnPostgresqlApplyEachMigrationOnce() throws Exception {
        StoreSettings settings = stores.fresh(Dialect.POSTGRESQL);
        int replicas = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Database>> opening = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(replicas)) {
            for (int i = 0; i < replicas; i++) {
                opening.add(threads.submit(() -> {
                    start.await();
                    return stores.track(Database.open(settings));
                }));
            }
            start.countDown();
            for (Future<Database> replica : opening) {
                assertThat(replica.get()).isNotNull();
            }
        }

        assertThat(appliedRows(opening.get(0).get()))
                .hasSize(Migrations.load(Database.BUILT_IN_MIGRATIONS, Dialect.POSTGRESQL).size());
    }

    @OnEveryDialect
    void refusesToStartWhenAnAppliedMigrationWasChanged(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);
        stores.open(settings);
        stores.execute(settings, "UPDATE schema_version SET checksum = 'edited' WHERE version = 1");

        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("migration V1 (init)")
                .hasMessageContaining("changed after it was applied")
                .hasMessageContaining("checksum edited in the database");
    }

    @OnEveryDialect
    void refusesToStartWhenANewerSwitchboardMigratedTheDatabase(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);
        stores.open(settings);
        stores.execute(settings, "INSERT INTO schema_version (version, description, checksum, applied_at) "
                + "VALUES (99, 'from the future', 'abc', 0)");

        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema is at version 99 (from the future)")
                .hasMessageContaining("newer Switchboard");
    }

    @OnEveryDialect
    void refusesToStartWhenAnOlderMigrationIsMissingFromTheDatabase(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);
        stores.track(Database.open(settings, FIRST_START, "dev/switchboard/store/variantmigrations")).close();
        stores.execute(settings, "DELETE FROM schema_version WHERE version = 1");

        assertThatThrownBy(() -> Database.open(settings, FIRST_START, "dev/switchboard/store/variantmigrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("migration V1 (create things) was never applied");
    }

    @OnEveryDialect
    void appliesTheDialectsOwnFileOfAMigrationOverThePortableOne(Dialect dialect) {
        Database database = stores.track(Database.open(stores.fresh(dialect), FIRST_START,
                "dev/switchboard/store/variantmigrations"));

        String recorded = database.withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT dialect FROM things")) {
                row.next();
                return row.getString(1);
            }
        });
        assertThat(recorded).isEqualTo(dialect.migrationVariant());
    }

    @OnEveryDialect
    void aFailingMigrationIsRolledBackAndNotRecorded(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);

        assertThatThrownBy(() -> Database.open(settings, FIRST_START, "dev/switchboard/store/brokenmigrations"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("migration V2 (broken) failed at statement 2 of 2 and was rolled back")
                .hasMessageContaining("nowhere");

        assertThat(tableNames(settings, dialect)).contains("first", "schema_version").doesNotContain("second");
        assertThat(appliedVersions(settings)).containsExactly(1);
    }

    @Test
    void splitsAMigrationIntoStatementsAtLinesEndingInASemicolon() {
        Migration migration = new Migration(1, "x", "x.sql", """
                -- a comment; with a semicolon
                CREATE TABLE a (
                    b TEXT DEFAULT 'x;y'
                );

                INSERT INTO a VALUES ('1');
                INSERT INTO a VALUES ('2')
                """, "sum");

        assertThat(migration.statements()).containsExactly(
                "CREATE TABLE a (\n    b TEXT DEFAULT 'x;y'\n)",
                "INSERT INTO a VALUES ('1')",
                "INSERT INTO a VALUES ('2')");
    }

    @Test
    void everyMigrationFileOnTheClasspathIsListedInTheIndex() throws URISyntaxException, java.io.IOException {
        Path directory = Path.of(Objects.requireNonNull(
                getClass().getClassLoader().getResource(Database.BUILT_IN_MIGRATIONS)).toURI());
        List<String> listed = Migrations.load(Database.BUILT_IN_MIGRATIONS, Dialect.SQLITE).stream()
                .map(m -> Path.of(m.file()).getFileName().toString().replaceFirst("\\..*", ""))
                .toList();

        try (Stream<Path> files = Files.list(directory)) {
            List<String> onDisk = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".sql"))
                    .map(name -> name.replaceFirst("\\..*", ""))
                    .toList();
            assertThat(listed).containsAll(onDisk);
        }
    }

    @Test
    void refusesAnIndexWhoseVersionsAreNotConsecutive() {
        assertThatThrownBy(() -> Migrations.load("dev/switchboard/store/gappedmigrations", Dialect.SQLITE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V3__later")
                .hasMessageContaining("should have version 2");
    }

    private static List<String> appliedRows(Database database) {
        return database.withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT version, description, checksum, applied_at FROM schema_version ORDER BY version")) {
                List<String> applied = new ArrayList<>();
                while (rows.next()) {
                    applied.add(rows.getInt(1) + " " + rows.getString(2) + " " + rows.getString(3) + " " + rows.getLong(4));
                }
                return applied;
            }
        });
    }

    private List<Integer> appliedVersions(StoreSettings settings) {
        try (Statement statement = stores.connect(settings).createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
            return versions;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> tableNames(StoreSettings settings, Dialect dialect) {
        String sql = dialect == Dialect.SQLITE
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        try (Statement statement = stores.connect(settings).createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
