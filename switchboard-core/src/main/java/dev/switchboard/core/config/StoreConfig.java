package dev.switchboard.core.config;

import java.time.Duration;

/**
 * Where tenants, keys and usage are kept.
 *
 * @param url JDBC URL: {@code jdbc:postgresql://host:5432/db} for production; default: a SQLite
 *     file, {@code <data dir>/switchboard.db}
 * @param user database user (PostgreSQL)
 * @param password database password (PostgreSQL), usually {@code ${env:...}}
 * @param usageFlushInterval how often usage records are written, in batches; a crash loses at
 *     most this much usage; default 1s
 * @param keyRefreshInterval how often this replica looks for tenant and key changes made through
 *     other replicas; default 2s
 */
public record StoreConfig(String url, String user, String password, Duration usageFlushInterval,
                          Duration keyRefreshInterval) {

    public StoreConfig {
        usageFlushInterval = usageFlushInterval != null ? usageFlushInterval : Duration.ofSeconds(1);
        keyRefreshInterval = keyRefreshInterval != null ? keyRefreshInterval : Duration.ofSeconds(2);
    }

    @Override
    public String toString() {
        return "StoreConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "unset" : "<redacted>")
                + "]";
    }
}
