package dev.switchboard.core.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One subject's consent to have some of their data used for one purpose.
 *
 * @param id {@code con_...}
 * @param subject the data subject's id, as the calling application knows them (opaque to Switchboard)
 * @param purpose what the data may be used for, e.g. {@code support}
 * @param fields what may reach the model: PII entity types ({@code EMAIL_ADDRESS}), named request
 *     fields ({@code user}, {@code metadata}), or {@code *} for everything
 * @param grantedAt when it was given
 * @param expiresAt when it lapses by itself, or null for never
 * @param retention how long each use of it is kept in the use log
 * @param revokedAt when it was revoked (or superseded by a newer grant for the same purpose), or null
 */
public record Consent(String id, String subject, String purpose, Set<String> fields, Instant grantedAt,
                      Instant expiresAt, Duration retention, Instant revokedAt) {

    /** Every field. */
    public static final String ALL_FIELDS = "*";

    public Consent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purpose, "purpose");
        fields = Set.copyOf(fields);
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(retention, "retention");
    }

    /** True when it neither was revoked nor expired at {@code now}. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** True when {@code field} (an entity type or a named field) may reach the model. */
    public boolean allows(String field) {
        return fields.contains(ALL_FIELDS) || fields.contains(field);
    }

    /** This consent revoked at {@code at}. */
    public Consent revoked(Instant at) {
        return new Consent(id, subject, purpose, fields, grantedAt, expiresAt, retention, at);
    }
}
