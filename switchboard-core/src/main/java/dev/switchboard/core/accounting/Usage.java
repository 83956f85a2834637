package dev.switchboard.core.accounting;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tokens one request used.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param cachedInputTokens the part of the input served from the upstream's prompt cache
 * @param outputTokens completion tokens, reasoning ones included
 * @param reasoningTokens the part of the output spent on hidden reasoning
 * @param estimated true when counted by the gateway because the upstream reported nothing
 */
public record Usage(long inputTokens, long cachedInputTokens, long outputTokens, long reasoningTokens,
                    boolean estimated) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, false);

    /** All tokens, as rate limits count them. */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /**
     * Reads OpenAI's {@code usage} object: {@code prompt_tokens}, {@code completion_tokens},
     * {@code prompt_tokens_details.cached_tokens}, {@code completion_tokens_details.reasoning_tokens}
     * (embeddings report only {@code prompt_tokens}). Missing or malformed numbers count as 0;
     * parts are capped by their totals so a confused upstream cannot make cost negative.
     */
    public static Usage fromJson(JsonNode usage) {
        long input = count(usage.get("prompt_tokens"));
        long output = count(usage.get("completion_tokens"));
        long cached = Math.min(input, count(usage.path("prompt_tokens_details").get("cached_tokens")));
        long reasoning = Math.min(output, count(usage.path("completion_tokens_details").get("reasoning_tokens")));
        return new Usage(input, cached, output, reasoning, false);
    }

    private static long count(JsonNode number) {
        return number != null && number.canConvertToLong() && number.asLong() > 0 ? number.asLong() : 0;
    }
}
