package dev.switchboard.retrieval.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where chunks, their vectors and their keyword index live, by collection. Small on purpose, so
 * that another engine (OpenSearch k-NN, Qdrant) is one class: implementations are
 * {@link LuceneStore} (embedded default) and {@link PgVectorStore} (production); both pass the
 * same contract tests.
 *
 * <p>Searches apply the {@link Filter}, access included, inside the engine (not after it), so that a
 * limit of {@code k} returns {@code k} readable chunks when there are that many. Implementations are
 * thread-safe.
 */
public interface ChunkStore extends AutoCloseable {

    /**
     * Creates an empty collection.
     *
     * @throws IllegalStateException if one of that name exists
     */
    void create(CollectionInfo collection);

    Optional<CollectionInfo> collection(String name);

    /** Every collection, by name. */
    List<CollectionInfo> collections();

    /** Deletes a collection and everything in it; false if there was none. */
    boolean drop(String name);

    /**
     * Makes {@code chunks} the whole content of document {@code documentId}, atomically: a search
     * sees the old chunks or the new ones, never a mix, and a failure leaves the old ones.
     * An empty list deletes the document.
     */
    void replace(String collection, String documentId, List<IndexedChunk> chunks);

    /** The content hash the document was stored with, if it is stored. */
    Optional<String> contentHash(String collection, String documentId);

    /** Deletes every chunk of a document; false if it had none. */
    boolean delete(String collection, String documentId);

    /** The best {@code limit} chunks for {@code query} by BM25-style keyword relevance. */
    List<Hit> keyword(String collection, String query, Filter filter, int limit);

    /** The {@code limit} chunks nearest to {@code vector} (cosine), approximately (HNSW). */
    List<Hit> vector(String collection, float[] vector, Filter filter, int limit);

    /**
     * Exact lookup: chunks of the document whose id is {@code key}, or whose title equals it ignoring
     * case and spacing (a prompt or playbook library looked up by name), in document order.
     */
    List<Hit> exact(String collection, String key, Filter filter, int limit);

    /** The metadata field names present in a collection (filters may use only these). */
    Set<String> fields(String collection);

    /** How many chunks a collection holds. */
    long count(String collection);

    /** Makes what was written so far durable (a no-op where every write is). */
    void commit();

    /** Deletes, in every collection, the chunks whose {@code subject} metadata is {@code subject}; returns how many. */
    long eraseSubject(String subject);

    @Override
    void close();

    /** A title as its exact-lookup key: lower case, runs of white space as one space, trimmed. */
    static String lookupKey(String title) {
        return title == null ? null : title.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }
}
