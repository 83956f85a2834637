package dev.switchboard.retrieval.embed;

import java.util.List;

/**
 * Turns texts into unit-length vectors of one model. Queries and passages may be embedded
 * differently (bge-small-en-v1.5 puts an instruction before queries only), so callers say which
 * they have.
 *
 * <p>Implementations are thread-safe and may load their model on first use.
 */
public interface Embedder {

    /** Whether a text is a search query or a passage to be searched. */
    enum Purpose { QUERY, PASSAGE }

    /** The model name clients and collections use, e.g. {@code local/bge-small-en-v1.5}. */
    String model();

    /** Length of every vector this embedder returns. */
    int dimensions();

    /**
     * Embeds {@code texts}, in order.
     *
     * @return one unit-length vector per text, and the tokens the model read
     * @throws IllegalArgumentException when a text is null
     */
    Embeddings embed(List<String> texts, Purpose purpose);

    /** The vectors of passages to index. */
    default List<float[]> passages(List<String> texts) {
        return embed(texts, Purpose.PASSAGE).vectors();
    }

    /** The vector of one search query. */
    default float[] query(String text) {
        return embed(List.of(text), Purpose.QUERY).vectors().getFirst();
    }

    /**
     * Vectors and the number of tokens read to make them (for usage reporting).
     *
     * @param vectors one per input text, in input order
     * @param tokens input tokens, special tokens excluded
     */
    record Embeddings(List<float[]> vectors, long tokens) {
    }
}
