package dev.switchboard.retrieval.store;

import dev.switchboard.retrieval.Chunk;

/**
 * A chunk ready to store: its text, where it comes from, and its vector.
 *
 * @param chunk the chunk
 * @param title its document's title, or null
 * @param contentHash its document's {@link dev.switchboard.retrieval.Document#contentHash()}
 * @param vector its unit-length embedding, of the collection's dimensions
 */
public record IndexedChunk(Chunk chunk, String title, String contentHash, float[] vector) {
}
