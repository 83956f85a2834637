package dev.switchboard.core.config;

import java.time.Duration;
import java.util.List;

/**
 * The consent vault: where consents and their use log are kept, and how requests are checked.
 * It is its own database (or schema), apart from the main store, so that it can have its own
 * credentials in production.
 *
 * @param url JDBC URL: {@code jdbc:postgresql://host:5432/db?currentSchema=consent} for production;
 *     default: a SQLite file, {@code <data dir>/consent.db}
 * @param user database user (PostgreSQL)
 * @param password database password (PostgreSQL), usually {@code ${env:...}}
 * @param requiredTenants names of the tenants whose requests must name a subject and purpose
 *     (else 403 {@code consent_required}); {@code "*"} for every tenant; default none
 * @param defaultRetention how long a use is kept when the consent names no retention; default 30d
 * @param refreshInterval how often this replica looks for consents granted or revoked through
 *     others; default 2s
 * @param useFlushInterval how often logged uses are written, in batches; default 1s
 * @param pruneInterval how often uses past their retention are deleted; default 1h
 */
public record ConsentConfig(String url, String user, String password, List<String> requiredTenants,
                            Duration defaultRetention, Duration refreshInterval, Duration useFlushInterval,
                            Duration pruneInterval) {

    public ConsentConfig {
        requiredTenants = requiredTenants != null ? List.copyOf(requiredTenants) : List.of();
        defaultRetention = defaultRetention != null ? defaultRetention : Duration.ofDays(30);
        refreshInterval = refreshInterval != null ? refreshInterval : Duration.ofSeconds(2);
        useFlushInterval = useFlushInterval != null ? useFlushInterval : Duration.ofSeconds(1);
        pruneInterval = pruneInterval != null ? pruneInterval : Duration.ofHours(1);
    }

    /** Every default: a SQLite file in the data directory, consent required of nobody. */
    public static ConsentConfig defaults() {
        return new ConsentConfig(null, null, null, null, null, null, null, null);
    }

    /** True when requests of the tenant named {@code tenant} (null: the master key) must carry a subject. */
    public boolean requiredFor(String tenant) {
        return tenant != null && (requiredTenants.contains("*") || requiredTenants.contains(tenant));
    }

    @Override
    public String toString() {
        return "ConsentConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "unset" : "<redacted>")
                + ", requiredTenants=" + requiredTenants + "]";
    }
}
