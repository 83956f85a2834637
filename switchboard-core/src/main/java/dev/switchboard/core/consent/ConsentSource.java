package dev.switchboard.core.consent;

import java.util.List;

/**
 * Where a {@link ConsentBook} loads consents from (the consent store). {@link #version()} must be
 * cheap enough to poll every second; it changes with every grant, revocation and erasure.
 */
public interface ConsentSource {

    long version();

    /** The consents not revoked (expired ones included: time decides at lookup), with the version they belong to. */
    Snapshot load();

    record Snapshot(long version, List<Consent> consents) {

        public Snapshot {
            consents = List.copyOf(consents);
        }
    }
}
