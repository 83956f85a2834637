package dev.switchboard.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the store lives: a JDBC URL and, for PostgreSQL, the credentials.
 *
 * <p>Only {@code jdbc:sqlite:} and {@code jdbc:postgresql:} URLs are supported; {@link Database#open}
 * rejects any other scheme. {@link #toString()} never shows the password.
 *
 * @param url {@code jdbc:sqlite:/var/lib/switchboard/switchboard.db} or
 *     {@code jdbc:postgresql://db:5432/switchboard}; a PostgreSQL URL may pick a schema with
 *     {@code ?currentSchema=name}
 * @param user database user, or null (SQLite ignores it)
 * @param password database password, or null (SQLite ignores it)
 */
public record StoreSettings(String url, String user, String password) {

    public StoreSettings {
        Objects.requireNonNull(url, "store url");
    }

    /** The embedded default: a SQLite database in {@code file}, created with its directory if missing. */
    public static StoreSettings sqlite(Path file) {
        return new StoreSettings("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    /** Shows the URL scheme and user only: URLs may carry a password as a parameter. */
    @Override
    public String toString() {
        return "StoreSettings[" + Dialect.schemeOf(url) + " user=" + user + ", password="
                + (password == null ? "none" : "***") + "]";
    }
}
