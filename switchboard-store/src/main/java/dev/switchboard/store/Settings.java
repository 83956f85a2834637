package dev.switchboard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;

/**
 * Named values the installation keeps about itself (such as the fingerprint of its key pepper,
 * so a start with a different pepper is noticed). Not for secrets. Thread-safe.
 */
public final class Settings {

    private final Database database;

    public Settings(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** The value stored under {@code name}, or null. */
    public String get(String name) {
        Objects.requireNonNull(name, "name");
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    /**
     * Stores {@code value} under {@code name} unless a value is there already, atomically even
     * between replicas.
     *
     * @return the value stored now: {@code value}, or the one that was there before
     */
    public String putIfAbsent(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, value);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
    }
}
