package dev.switchboard.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh schema in the test PostgreSQL server ({@code SWITCHBOARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), dropped on close, so tests never share tables.
 */
final class PostgresSchema implements AutoCloseable {

    static final String URL = System.getenv().getOrDefault("SWITCHBOARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv().getOrDefault("SWITCHBOARD_TEST_PG_USER", "postgres");

    final String name = "sb_gateway_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    PostgresSchema() throws SQLException {
        execute("CREATE SCHEMA " + name);
    }

    /** The JDBC URL of the schema. */
    String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + name + " CASCADE");
    }
}
