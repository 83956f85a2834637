package dev.switchboard.core.consent;

import dev.switchboard.core.time.Refresher;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's in-memory copy of the consents not revoked, so that the request path never waits
 * on the consent store. It reloads at once after a change made through this replica
 * ({@link #refresh()}), and within the refresh interval for changes made through others (or
 * directly in the store, e.g. by the CLI). Thread-safe.
 */
public final class ConsentBook implements AutoCloseable {


    private final ConsentSource source;
    private final Refresher refresher;
    private volatile Index index = new Index(-1, Map.of());

    /**
     * Loads the consents now, then polls the source's version every {@code refreshInterval}.
     *
     * @throws RuntimeException when the first load fails (the gateway must not start without them)
     */
    public ConsentBook(ConsentSource source, Duration refreshInterval) {
        this.source = source;
        refresh();
        this.refresher = new Refresher("switchboard-consent-refresh", refreshInterval, this::refresh,
                "could not reload consents from the consent store (the ones loaded before stay in use)");
    }

    /** A book that never reloads, over fixed consents (tests, tools). */
    public static ConsentBook of(ConsentSource.Snapshot snapshot) {
        return new ConsentBook(new ConsentSource() {
            @Override
            public long version() {
                return snapshot.version();
            }

            @Override
            public Snapshot load() {
                return snapshot;
            }
        }, Duration.ofDays(365));
    }

    /** The subject's consent for {@code purpose} in force at {@code now}, if any. */
    public Optional<Consent> active(String subject, String purpose, Instant now) {
        Consent consent = index.byKey.get(key(subject, purpose));
        return consent != null && consent.activeAt(now) ? Optional.of(consent) : Optional.empty();
    }

    /** Reloads the consents if the source changed; returns the version now loaded. */
    public long refresh() {
        long version = source.version();
        if (version != index.version) {
            synchronized (this) {
                if (version != index.version) {
                    ConsentSource.Snapshot snapshot = source.load();
                    Map<String, Consent> byKey = new HashMap<>();
                    for (Consent consent : snapshot.consents()) {
                        // one unrevoked consent per subject and purpose; keep the newest should a race leave two
                        byKey.merge(key(consent.subject(), consent.purpose()), consent,
                                (a, b) -> a.grantedAt().isAfter(b.grantedAt()) ? a : b);
                    }
                    index = new Index(snapshot.version(), Map.copyOf(byKey));
                }
            }
        }
        return index.version;
    }

    /** How many consents are loaded. */
    public int size() {
        return index.byKey.size();
    }

    private static String key(String subject, String purpose) {
        return subject + '\u0000' + purpose;
    }

    @Override
    public void close() {
        refresher.close();
    }

    private record Index(long version, Map<String, Consent> byKey) {
    }
}
