package dev.switchboard.retrieval;

import dev.switchboard.retrieval.chunk.ChunkingOptions;

/**
 * Options of a {@link Retrieval}.
 *
 * @param defaultModel embedding model of collections created without one
 * @param chunking how documents are cut
 * @param rrfK rank constant of hybrid fusion; default 60
 * @param candidates chunks each side contributes to a hybrid search at least; default 50
 * @param maxTopK largest {@code top_k} a query may ask for; default 100
 * @param maxDocumentChars longest document text accepted; default 5,000,000
 * @param maxFileBytes largest single-document file ingested; default 50 MiB
 */
public record RetrievalSettings(String defaultModel, ChunkingOptions chunking, int rrfK, int candidates, int maxTopK,
                                int maxDocumentChars, long maxFileBytes) {

    public static RetrievalSettings defaults(String defaultModel) {
        return new RetrievalSettings(defaultModel, ChunkingOptions.DEFAULT, 60, 50, 100, 5_000_000, 50L * 1024 * 1024);
    }
}
