package dev.switchboard.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code changes} row: a version that goes up in the same transaction as every tenant or key
 * write, so that any replica can tell with one cheap query that its copy is stale.
 */
final class Changes {

    private Changes() {
    }

    /** Counts one more change; call inside the transaction that makes it. */
    static void bump(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.executeUpdate("UPDATE changes SET version = version + 1 WHERE id = 1") != 1) {
                throw new StoreException("the changes table has no row: the store's schema is damaged");
            }
        }
    }

    /** The current version. */
    static long version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT version FROM changes WHERE id = 1")) {
            if (!row.next()) {
                throw new StoreException("the changes table has no row: the store's schema is damaged");
            }
            return row.getLong(1);
        }
    }
}
