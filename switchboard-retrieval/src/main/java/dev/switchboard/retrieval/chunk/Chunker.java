package dev.switchboard.retrieval.chunk;

import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.embed.Embedder;
import java.util.List;

/** Cuts a document into chunks, in document order, positions from 0. Thread-safe. */
@FunctionalInterface
public interface Chunker {

    List<Chunk> chunk(Document document);

    /**
     * The chunker for {@code options}: structure-aware, and semantic too when asked (which then
     * embeds every sentence with {@code embedder}).
     */
    static Chunker of(ChunkingOptions options, Embedder embedder) {
        return options.semantic() ? new SemanticChunker(options, embedder) : new StructuredChunker(options);
    }
}
