package dev.switchboard.retrieval.chunk;

/**
 * How documents are cut into chunks.
 *
 * @param maxTokens most tokens in one chunk (estimated by {@link Tokens}); default 256
 * @param overlapTokens tokens of the previous chunk's last sentences repeated at the start of the
 *     next chunk of the same section, so that a fact on a boundary is whole in one of them;
 *     default 32; 0 for none
 * @param semantic also split where adjacent sentences' embeddings diverge (see {@link SemanticChunker})
 * @param breakpointPercentile in semantic mode, a split goes after a sentence whose distance to the
 *     next is above this percentile of the section's distances; default 90
 */
public record ChunkingOptions(int maxTokens, int overlapTokens, boolean semantic, int breakpointPercentile) {

    public static final ChunkingOptions DEFAULT = new ChunkingOptions(256, 32, false, 90);

    public ChunkingOptions {
        if (maxTokens < 16) {
            throw new IllegalArgumentException("max_tokens must be at least 16, was " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
            throw new IllegalArgumentException("overlap_tokens must be 0 or more and less than half of max_tokens ("
                    + maxTokens + "), was " + overlapTokens);
        }
        if (breakpointPercentile < 1 || breakpointPercentile > 99) {
            throw new IllegalArgumentException("breakpoint_percentile must be between 1 and 99, was "
                    + breakpointPercentile);
        }
    }
}
