package dev.switchboard.sim;

import java.util.List;

/**
 * One generated chat completion, before it is written as JSON or as a stream of chunks.
 *
 * @param id            {@code chatcmpl-sim-...}
 * @param created       Unix seconds
 * @param model         the requested model, echoed
 * @param choices       one per requested {@code n}
 * @param promptTokens  estimated tokens of the request's messages
 * @param cachedTokens  the part of {@code promptTokens} reported as cached
 * @param reasoningTokens hidden reasoning tokens, counted in the completion tokens
 */
record Completion(String id, long created, String model, List<Choice> choices, int promptTokens, int cachedTokens,
                  int reasoningTokens) {

    static final String SYSTEM_FINGERPRINT = "switchboard-simulator";

    /**
     * One choice: either text content or a tool call, cut into the pieces a stream sends one per
     * chunk. Each piece is one completion token.
     *
     * @param pieces       content tokens, or the tool call's {@code arguments} in pieces
     * @param toolCall     the call, or null for a content answer
     * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
     */
    record Choice(int index, List<String> pieces, ToolCall toolCall, String finishReason) {

        /** The content as one string; null for a tool call. */
        String content() {
            return toolCall == null ? String.join("", pieces) : null;
        }
    }

    /** A function call; {@code arguments} is a JSON text. */
    record ToolCall(String id, String name, String arguments) {
    }

    /** Completion tokens over all choices, reasoning tokens included. */
    int completionTokens() {
        int total = reasoningTokens;
        for (Choice choice : choices) {
            total += choice.pieces().size();
        }
        return total;
    }

    /** Pieces of the longest choice: how many token steps a stream takes. */
    int longestChoice() {
        int longest = 0;
        for (Choice choice : choices) {
            longest = Math.max(longest, choice.pieces().size());
        }
        return longest;
    }
}
