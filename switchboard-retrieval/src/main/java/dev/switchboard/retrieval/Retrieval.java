package dev.switchboard.retrieval;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.retrieval.chunk.Chunker;
import dev.switchboard.retrieval.embed.Embedder;
import dev.switchboard.retrieval.search.HybridRetriever;
import dev.switchboard.retrieval.search.SearchMode;
import dev.switchboard.retrieval.store.ChunkStore;
import dev.switchboard.retrieval.store.CollectionInfo;
import dev.switchboard.retrieval.store.Filter;
import dev.switchboard.retrieval.store.Hit;
import dev.switchboard.retrieval.store.IndexedChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Collections of documents to search: create and drop them, ingest documents (redact, chunk,
 * embed, store), search them. What HTTP endpoints, CLI commands and the chat interceptor call.
 *
 * <p>Ingestion is idempotent: a document whose {@link Document#contentHash()} is already stored is
 * skipped. A document is stored whole or not at all — its chunks are embedded before anything is
 * written and then replace its old chunks atomically. Client mistakes (unknown collection, unknown
 * filter field, {@code top_k} out of range, a query for another embedding model) are thrown as
 * {@link ApiException}s with the OpenAI error shape. Thread-safe.
 */
public final class Retrieval implements AutoCloseable {

    /** Chunk texts embedded per call: enough for every core's batches, few enough to hold. */
    private static final int EMBED_SLICE = 512;

    private final ChunkStore store;
    private final Function<String, Optional<Embedder>> embedders;
    private final RetrievalSettings settings;
    private final TextRedactor redactor;
    private final HybridRetriever retriever;

    /**
     * @param embedders the embedder of a model name, if that model can be run here
     * @param redactor removes personal data before indexing, per collection
     */
    public Retrieval(ChunkStore store, Function<String, Optional<Embedder>> embedders, RetrievalSettings settings,
                     TextRedactor redactor) {
        this.store = store;
        this.embedders = embedders;
        this.settings = settings;
        this.redactor = redactor;
        this.retriever = new HybridRetriever(store, settings.rrfK(), settings.candidates());
    }

    public RetrievalSettings settings() {
        return settings;
    }

    /**
     * Creates a collection for vectors of {@code model} (null: the default model).
     *
     * @throws ApiException 400 for a bad name or a model that cannot embed here, 409 if it exists
     */
    public CollectionInfo create(String name, String model) {
        String chosen = model != null ? model : settings.defaultModel();
        Embedder embedder = embedder(chosen, "model");
        CollectionInfo info;
        try {
            info = new CollectionInfo(name, chosen, embedder.dimensions());
        } catch (IllegalArgumentException e) {
            throw Errors.badRequest("name", e.getMessage());
        }
        try {
            store.create(info);
        } catch (IllegalStateException e) {
            throw new ApiException(new ApiError(409, "invalid_request_error", "collection_exists", "name", e.getMessage()));
        }
        return info;
    }

    /** @throws ApiException 404 when there is no such collection */
    public CollectionInfo collection(String name) {
        return store.collection(name).orElseThrow(() -> notFound(name));
    }

    public List<CollectionInfo> collections() {
        return store.collections();
    }

    /** Chunks in a collection. */
    public long count(String name) {
        collection(name);
        return store.count(name);
    }

    /** @throws ApiException 404 when there is no such collection */
    public void drop(String name) {
        if (!store.drop(name)) {
            throw notFound(name);
        }
    }

    /**
     * Ingests documents into a collection: each is validated, redacted, chunked; the chunks of all
     * are embedded in batches; then each document replaces its stored version. A document that is
     * invalid is reported in its outcome and the others continue.
     *
     * @throws ApiException 404 for an unknown collection
     * @throws RuntimeException when embedding or the store fails: then none of these documents is
     *     half-written (each is written whole or not at all)
     */
    public List<Outcome> ingest(String collectionName, List<Document> documents) {
        CollectionInfo collection = collection(collectionName);
        Embedder embedder = embedder(collection.model(), "model");
        Chunker chunker = Chunker.of(settings.chunking(), embedder);
        List<Outcome> outcomes = new ArrayList<>(documents.size());
        List<Pending> pending = new ArrayList<>();
        for (Document document : documents) {
            String problem = problem(document);
            if (problem != null) {
                outcomes.add(new Outcome(document.id(), Status.FAILED, 0, problem));
                continue;
            }
            String hash = document.contentHash();
            if (store.contentHash(collectionName, document.id()).filter(hash::equals).isPresent()) {
                outcomes.add(new Outcome(document.id(), Status.UNCHANGED, 0, null));
                continue;
            }
            String text = redactor.redact(collectionName, document.text());
            String title = document.title() == null ? null : redactor.redact(collectionName, document.title());
            List<Chunk> chunks = chunker.chunk(new Document(document.id(), title, text, document.metadata()));
            if (chunks.isEmpty()) {
                outcomes.add(new Outcome(document.id(), Status.FAILED, 0, "the document has no text to index"));
                continue;
            }
            Outcome outcome = new Outcome(document.id(), Status.INDEXED, chunks.size(), null);
            outcomes.add(outcome);
            pending.add(new Pending(title, hash, chunks));
        }
        List<float[]> vectors = new ArrayList<>();
        List<String> texts = new ArrayList<>(EMBED_SLICE);
        for (Pending p : pending) {
            for (Chunk chunk : p.chunks) {
                texts.add(embeddable(p.title, chunk));
                if (texts.size() == EMBED_SLICE) { // only one slice's texts are built at a time
                    vectors.addAll(embedder.passages(texts));
                    texts.clear();
                }
            }
        }
        if (!texts.isEmpty()) {
            vectors.addAll(embedder.passages(texts));
        }
        int next = 0;
        for (Pending p : pending) {
            List<IndexedChunk> indexed = new ArrayList<>(p.chunks.size());
            for (Chunk chunk : p.chunks) {
                indexed.add(new IndexedChunk(chunk, p.title, p.hash, vectors.get(next)));
                vectors.set(next++, null); // held by the indexed chunk now
            }
            store.replace(collectionName, p.chunks.getFirst().documentId(), indexed);
        }
        return outcomes;
    }

    /** @return whether the document existed */
    public boolean delete(String collection, String documentId) {
        collection(collection);
        return store.delete(collection, documentId);
    }

    /** Makes ingested documents durable. */
    public void commit() {
        store.commit();
    }

    /**
     * Searches a collection.
     *
     * @throws ApiException 404 for an unknown collection; 400 for a {@code top_k} out of range, a
     *     filter on a field the collection does not have, or a {@code model} other than the collection's
     */
    public List<Hit> search(String collectionName, Query query) {
        return search(collectionName, query, query.topK());
    }

    /**
     * Searches a collection for documents: the best chunk of each of the best {@code top_k}
     * documents (what an evaluation against document-level judgements needs).
     *
     * @throws ApiException as {@link #search}
     */
    public List<Hit> searchDocuments(String collectionName, Query query) {
        int chunks = Math.min(1000, Math.max(50, query.topK() * 5));
        return HybridRetriever.bestPerDocument(search(collectionName, query, chunks), query.topK());
    }

    private List<Hit> search(String collectionName, Query query, int chunkLimit) {
        CollectionInfo collection = collection(collectionName);
        if (query.topK() < 1 || query.topK() > settings.maxTopK()) {
            throw Errors.badRequest("top_k", "top_k must be between 1 and " + settings.maxTopK() + ", was " + query.topK());
        }
        if (query.model() != null && !query.model().equals(collection.model())) {
            throw Errors.badRequest("model", "collection '" + collectionName + "' was built with embedding model '"
                    + collection.model() + "'; it cannot be searched with vectors of '" + query.model() + "'");
        }
        if (query.text() == null || query.text().isBlank()) {
            throw Errors.badRequest("query", "query must be a non-empty string");
        }
        if (!query.fields().isEmpty()) {
            Set<String> known = store.fields(collectionName);
            for (String field : query.fields().keySet()) {
                if (!known.contains(field)) {
                    throw Errors.badRequest("filter", "unknown filter field '" + field + "': documents in collection '"
                            + collectionName + "' have " + (known.isEmpty() ? "no metadata fields" : "the fields " + known));
                }
            }
        }
        Embedder embedder = query.mode() == SearchMode.KEYWORD || query.mode() == SearchMode.EXACT ? null
                : embedder(collection.model(), "model");
        Filter filter = new Filter(query.fields(), query.access());
        return retriever.search(collectionName, embedder, query.text(), query.mode(), filter, chunkLimit);
    }

    /**
     * Deletes every chunk, in every collection, of documents whose {@value Metadata#SUBJECT}
     * metadata is {@code subject}: the consent vault's erasure hook.
     */
    public long eraseSubject(String subject) {
        long erased = store.eraseSubject(subject);
        store.commit();
        return erased;
    }

    @Override
    public void close() {
        store.close();
    }

    /** The text a chunk is embedded as: its document title and headings give it context. */
    static String embeddable(String title, Chunk chunk) {
        StringBuilder text = new StringBuilder();
        if (title != null && !title.isBlank()) {
            text.append(title).append('\n');
        }
        if (!chunk.headingPath().isEmpty()) {
            text.append(String.join(" > ", chunk.headingPath())).append('\n');
        }
        return text.append(chunk.text()).toString();
    }

    private String problem(Document document) {
        if (document.id().isBlank() || document.id().length() > 512) {
            return "the document id must be 1 to 512 characters";
        }
        if (document.text().isBlank()) {
            return "the document is empty";
        }
        if (document.text().length() > settings.maxDocumentChars()) {
            return "the document has " + document.text().length() + " characters, more than the limit of "
                    + settings.maxDocumentChars();
        }
        for (String field : document.metadata().keySet()) {
            if (!Metadata.FIELD.matcher(field).matches()) {
                return "metadata field name '" + field + "' is not allowed: use letters, digits, '_', '.', '-'";
            }
        }
        return null;
    }

    private Embedder embedder(String model, String param) {
        return embedders.apply(model).orElseThrow(() -> Errors.badRequest(param, "embedding model '" + model
                + "' is not available here; in-process models: local/bge-small-en-v1.5, local/all-minilm-l6-v2"));
    }

    private static ApiException notFound(String name) {
        return new ApiException(new ApiError(404, "invalid_request_error", "collection_not_found", "collection",
                "collection '" + name + "' does not exist"));
    }

    private record Pending(String title, String hash, List<Chunk> chunks) {
    }

    /** What became of one ingested document. */
    public enum Status { INDEXED, UNCHANGED, FAILED }

    /**
     * @param documentId the document
     * @param status what happened
     * @param chunks chunks written (INDEXED)
     * @param error why it failed (FAILED), else null
     */
    public record Outcome(String documentId, Status status, int chunks, String error) {
    }

    /**
     * One search.
     *
     * @param text the query text
     * @param mode how to match
     * @param topK how many chunks to return
     * @param fields metadata filter: field → accepted values
     * @param access who is asking
     * @param model the embedding model the caller expects, or null for the collection's
     */
    public record Query(String text, SearchMode mode, int topK, Map<String, Set<String>> fields, Filter.Access access,
                        String model) {

        public Query {
            fields = fields == null ? Map.of() : fields;
        }

        public static Query of(String text, SearchMode mode, int topK) {
            return new Query(text, mode, topK, Map.of(), Filter.Access.EVERYTHING, null);
        }
    }
}
