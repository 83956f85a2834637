package dev.switchboard.core.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One request that carried a subject's data under their consent: what was let through, what was
 * redacted, and until when this record is kept.
 *
 * @param id {@code use_...}
 * @param requestId the gateway's request id ({@code x-request-id})
 * @param subject the data subject
 * @param purpose the purpose the request named
 * @param consentId the consent it was made under
 * @param tenant the caller's tenant name, or null for the master key
 * @param fieldsPassed entity types and named fields found in the request and let through, sorted
 * @param fieldsRedacted entity types and named fields found and removed, sorted
 * @param at when the request was checked
 * @param deleteAfter when the periodic pruning removes this record: {@code at} plus the consent's retention
 */
public record ConsentUse(String id, String requestId, String subject, String purpose, String consentId, String tenant,
                         List<String> fieldsPassed, List<String> fieldsRedacted, Instant at, Instant deleteAfter) {

    public ConsentUse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        fieldsPassed = List.copyOf(fieldsPassed);
        fieldsRedacted = List.copyOf(fieldsRedacted);
    }
}
