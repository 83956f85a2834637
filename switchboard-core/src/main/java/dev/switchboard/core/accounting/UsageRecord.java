package dev.switchboard.core.accounting;

import java.time.Instant;

/**
 * What one request used and cost: one row of the usage ledger.
 *
 * @param id unique id of the record
 * @param requestId the request's {@code x-request-id} (clients may reuse theirs, so not unique)
 * @param at when the request ended
 * @param tenantId the caller's tenant, or null for the master key
 * @param keyId the caller's key, or null for the master key
 * @param model the model the client asked for
 * @param deployment the deployment that answered, or null if none did
 * @param upstreamModel the model name at that deployment, or null
 * @param status the HTTP status the client got (200 for a stream that started, even if it broke)
 * @param inputTokens prompt tokens, cached ones included
 * @param cachedInputTokens the part of {@code inputTokens} served from the upstream's prompt cache
 * @param outputTokens completion tokens, reasoning ones included
 * @param reasoningTokens the part of {@code outputTokens} spent on hidden reasoning
 * @param costNanos price in billionths of a US dollar
 * @param estimated true when the upstream reported no usage and the gateway counted tokens itself
 * @param streamed whether the answer was streamed
 */
public record UsageRecord(String id, String requestId, Instant at, String tenantId, String keyId, String model,
                          String deployment, String upstreamModel, int status, long inputTokens,
                          long cachedInputTokens, long outputTokens, long reasoningTokens, long costNanos,
                          boolean estimated, boolean streamed) {
}
