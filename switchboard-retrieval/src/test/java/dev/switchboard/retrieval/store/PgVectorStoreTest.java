package dev.switchboard.retrieval.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract against real PostgreSQL with pgvector ({@code SWITCHBOARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code SWITCHBOARD_TEST_PG_USER}, default
 * {@code postgres}; {@code scripts/test} sets it up), each test in a fresh schema. The {@code halfvec} variant is
 * {@link HalfvecStoreTest}.
 */
class PgVectorStoreTest extends ChunkStoreContract {

    static final String URL = env("SWITCHBOARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = env("SWITCHBOARD_TEST_PG_USER", "postgres");

    private final String schema = "sb_rtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    boolean halfvec() {
        return false;
    }

    @Override
    ChunkStore open() {
        try (Connection admin = DriverManager.getConnection(URL, USER, null); Statement s = admin.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL at " + URL + " (run scripts/test, which installs"
                    + " pgvector): " + e.getMessage(), e);
        }
        return reopen();
    }

    @Override
    ChunkStore reopen() {
        return new PgVectorStore(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public", USER, null,
                halfvec(), 4);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection admin = DriverManager.getConnection(URL, USER, null); Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
