package dev.switchboard.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One request as the request log keeps it. Bodies, when kept at all, have had personal data
 * redacted before they get here; nothing in an entry is a secret (keys appear by prefix only).
 *
 * @param id unique id of the entry
 * @param requestId the request's {@code x-request-id} (the client's or the gateway's)
 * @param at when the request arrived
 * @param tenantId the caller's tenant id, or null for the master key and unauthenticated requests
 * @param tenant the caller's tenant name, or null
 * @param keyPrefix the first characters of the caller's key as shown by the admin API, or null
 * @param route the endpoint, e.g. {@code /v1/chat/completions}
 * @param model the model the client asked for, or null
 * @param deployment the deployment that answered, or null
 * @param attempts upstream attempts made
 * @param status the HTTP status the client got (200 for a stream that started)
 * @param errorType why the request failed (an error code such as {@code upstream_timeout}, or
 *     {@code stream_interrupted}), or null
 * @param latencyMicros from arrival to the last byte of the answer
 * @param ttftMicros from arrival to the first token of a stream, or null
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param costNanos price in billionths of a US dollar
 * @param streamed whether the answer was streamed
 * @param cache {@code hit}, {@code miss}, or null when the cache was not asked
 * @param guards guard verdicts in order, each {@code guard:action}
 * @param traceId the OpenTelemetry trace id, or null without tracing
 * @param requestBody the request body, redacted, or null when bodies are not kept
 * @param responseBody the answer, redacted, or null when bodies are not kept
 */
public record RequestLogEntry(String id, String requestId, Instant at, String tenantId, String tenant, String keyPrefix,
                              String route, String model, String deployment, int attempts, int status,
                              String errorType, long latencyMicros, Long ttftMicros, long inputTokens,
                              long outputTokens, long costNanos, boolean streamed, String cache, List<String> guards,
                              String traceId, String requestBody, String responseBody) {

    public RequestLogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(route, "route");
        guards = guards != null ? List.copyOf(guards) : List.of();
    }
}
