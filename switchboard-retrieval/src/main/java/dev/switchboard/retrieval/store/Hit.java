package dev.switchboard.retrieval.store;

import dev.switchboard.retrieval.Chunk;

/**
 * A chunk found by a search, with its score: BM25 (keyword), cosine similarity mapped to 0–1
 * (vector), reciprocal-rank-fusion score (hybrid), or 1 (exact). Scores compare within one search only.
 *
 * @param chunk the chunk, metadata included
 * @param title its document's title, or null
 * @param score higher is better
 */
public record Hit(Chunk chunk, String title, double score) {

    public Hit withScore(double newScore) {
        return new Hit(chunk, title, newScore);
    }
}
