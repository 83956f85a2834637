package dev.switchboard.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An application's verdict on one answer ({@code POST /v1/feedback}).
 *
 * @param requestId the answered request's {@code x-request-id}
 * @param tenantId the tenant that made the request, or null for the master key
 * @param tenant its name, or null
 * @param keyId the key that made the request, or null
 * @param model the model the request asked for, or null
 * @param route the endpoint it called
 * @param accepted whether the answer was accepted (used, kept, thumbs up)
 * @param score an optional grade, 0 to 1, or null
 * @param comment an optional note, redacted of personal data, or null
 * @param at when the verdict was given
 */
public record Feedback(String requestId, String tenantId, String tenant, String keyId, String model, String route,
                       boolean accepted, Double score, String comment, Instant at) {

    public Feedback {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(at, "at");
    }
}
