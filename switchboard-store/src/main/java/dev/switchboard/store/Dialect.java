package dev.switchboard.store;

import java.sql.Driver;

/**
 * The SQL databases the store runs on. Repositories write portable SQL; the few places where the
 * two differ ask the dialect.
 */
public enum Dialect {

    /** SQLite (through xerial sqlite-jdbc): the embedded default, one file, one gateway process. */
    SQLITE("jdbc:sqlite:", "sqlite"),

    /** PostgreSQL 12 or newer (through pgjdbc): for production and several replicas. */
    POSTGRESQL("jdbc:postgresql:", "postgresql");

    private final String urlPrefix;
    private final String variant;

    Dialect(String urlPrefix, String variant) {
        this.urlPrefix = urlPrefix;
        this.variant = variant;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @throws IllegalArgumentException for any other URL, naming its scheme only (the rest of a URL
     *     may hold a password)
     */
    static Dialect ofUrl(String url) {
        for (Dialect dialect : values()) {
            if (url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unsupported store URL scheme '" + schemeOf(url)
                + "': use jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>");
    }

    /** {@code jdbc:mysql:} for {@code jdbc:mysql://h/db?password=x}: everything before the second colon. */
    static String schemeOf(String url) {
        int first = url.indexOf(':');
        if (first < 0) {
            return "(none)";
        }
        int second = url.startsWith("jdbc:") ? url.indexOf(':', first + 1) : -1;
        return url.substring(0, (second > 0 ? second : first) + 1);
    }

    /** The suffix of migration files written for this dialect only: {@code V1__init.sqlite.sql}. */
    String migrationVariant() {
        return variant;
    }

    /** The JDBC driver, instantiated directly so no class-loader or service-file setup can hide it. */
    Driver driver() {
        return this == SQLITE ? new org.sqlite.JDBC() : new org.postgresql.Driver();
    }

    /**
     * The statement that makes the current transaction read one consistent snapshot, or null when
     * every transaction already does (SQLite's single connection per file sees a stable database).
     */
    String snapshotStatement() {
        return this == POSTGRESQL ? "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY" : null;
    }
}
