package dev.switchboard.store;

/**
 * Usage added up over one group of records.
 *
 * @param group the day ({@code YYYY-MM-DD}, UTC), model or key id the row covers; {@code all} when
 *     not grouped; null for records without a model or key
 * @param requests how many records
 * @param inputTokens their prompt tokens, cached ones included
 * @param cachedInputTokens the part of {@code inputTokens} served from upstream prompt caches
 * @param outputTokens their completion tokens, reasoning ones included
 * @param reasoningTokens the part of {@code outputTokens} spent on hidden reasoning
 * @param costNanos their cost in billionths of a US dollar
 * @param estimatedRequests how many of them carry token counts the gateway estimated
 */
public record UsageRow(String group, long requests, long inputTokens, long cachedInputTokens, long outputTokens,
                       long reasoningTokens, long costNanos, long estimatedRequests) {
}
