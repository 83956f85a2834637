package dev.switchboard.retrieval.store;

import dev.switchboard.core.json.Json;
import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.document.NumericDocValuesField;

/**
 * The embedded store: one Apache Lucene index per collection under {@code <dir>/<name>/index}
 * (its {@link CollectionInfo} beside it in {@code collection.json}), holding each chunk's text
 * for BM25 (English analyzer: stop words, Porter stemming), its HNSW vector (cosine) and its
 * metadata as exact-match terms. A document's chunks are replaced as one Lucene block update, so
 * searches see all old or all new chunks. Writes become visible to searches at once and durable at
 * {@link #commit()} (and at close). Thread-safe.
 */
public final class LuceneStore implements ChunkStore {

    static final String CHUNK_ID = "chunk_id";
    static final String DOC_ID = "doc_id";
    static final String POSITION = "position";
    static final String TITLE = "title";
    static final String HEADINGS = "headings";
    static final String TEXT = "text";
    static final String BODY = "body";
    static final String META = "meta";
    static final String HASH = "hash";
    static final String KEY = "key";
    static final String VECTOR = "vector";
    static final String TENANT = "_tenant";
    static final String ROLES = "_roles";
    /** Prefix of the exact-match field of each metadata field. */
    static final String FIELD_PREFIX = "m.";
    private static final char HEADING_SEPARATOR = '\u001f';
    private static final int MAX_QUERY_TERMS = 512;

    private final Path root;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final Map<String, Index> open = new TreeMap<>();

    /** Opens (creating if needed) the store in {@code root}, with every collection found there. */
    public LuceneStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("collection.json"))).toList()) {
                    CollectionInfo info = Json.MAPPER.readValue(dir.resolve("collection.json").toFile(), CollectionInfo.class);
                    open.put(info.name(), new Index(info, dir));
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot open the retrieval index in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void create(CollectionInfo collection) {
        if (open.containsKey(collection.name())) {
            throw new IllegalStateException("collection '" + collection.name() + "' exists already");
        }
        Path dir = root.resolve(collection.name());
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
            Index index = new Index(collection, dir);
            Path tmp = dir.resolve("collection.json.tmp");
            Json.MAPPER.writeValue(tmp.toFile(), collection);
            Files.move(tmp, dir.resolve("collection.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            open.put(collection.name(), index);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create collection " + collection.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<CollectionInfo> collection(String name) {
        Index index = open.get(name);
        return index == null ? Optional.empty() : Optional.of(index.info);
    }

    @Override
    public synchronized List<CollectionInfo> collections() {
        return open.values().stream().map(i -> i.info).toList();
    }

    @Override
    public boolean drop(String name) {
        Index index;
        synchronized (this) {
            index = open.remove(name);
        }
        if (index == null) {
            return false;
        }
        index.close();
        try {
            Files.deleteIfExists(index.dir.resolve("collection.json"));
            deleteTree(index.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("collection " + name + " was dropped but its files remain in " + index.dir, e);
        }
        return true;
    }

    @Override
    public void replace(String collection, String documentId, List<IndexedChunk> chunks) {
        Index index = index(collection);
        List<Document> docs = new ArrayList<>(chunks.size());
        for (IndexedChunk chunk : chunks) {
            if (!chunk.chunk().documentId().equals(documentId)) {
                throw new IllegalArgumentException("chunk " + chunk.chunk().id() + " is not of document " + documentId);
            }
            if (chunk.vector().length != index.info.dimensions()) {
                throw new IllegalArgumentException("vector of " + chunk.vector().length + " dimensions in a collection of "
                        + index.info.dimensions());
            }
            docs.add(document(chunk));
        }
        try {
            if (docs.isEmpty()) {
                index.writer.deleteDocuments(new Term(DOC_ID, documentId));
            } else {
                index.writer.updateDocuments(new Term(DOC_ID, documentId), docs);
            }
            index.changed.set(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write document " + documentId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> contentHash(String collection, String documentId) {
        return index(collection).search(s -> {
            TopDocs top = s.search(new TermQuery(new Term(DOC_ID, documentId)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(s.storedFields().document(top.scoreDocs[0].doc).get(HASH));
        });
    }

    @Override
    public boolean delete(String collection, String documentId) {
        Index index = index(collection);
        Term term = new Term(DOC_ID, documentId);
        int had = index.search(s -> s.count(new TermQuery(term)));
        if (had == 0) {
            return false;
        }
        try {
            index.writer.deleteDocuments(term);
            index.changed.set(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    @Override
    public List<Hit> keyword(String collection, String query, Filter filter, int limit) {
        Index index = index(collection);
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        Set<String> analyzed = analyze(query);
        if (analyzed.isEmpty()) {
            return List.of();
        }
        analyzed.forEach(t -> terms.add(new TermQuery(new Term(BODY, t)), BooleanClause.Occur.SHOULD));
        Query q = new BooleanQuery.Builder()
                .add(terms.build(), BooleanClause.Occur.MUST)
                .add(filterQuery(filter), BooleanClause.Occur.FILTER)
                .build();
        return index.search(s -> hits(s, s.search(q, limit)));
    }

    @Override
    public List<Hit> vector(String collection, float[] vector, Filter filter, int limit) {
        Index index = index(collection);
        if (vector.length != index.info.dimensions()) {
            throw new IllegalArgumentException("query vector has " + vector.length + " dimensions; collection "
                    + collection + " has " + index.info.dimensions());
        }
        Query q = new KnnFloatVectorQuery(VECTOR, vector, limit, filterQuery(filter));
        return index.search(s -> hits(s, s.search(q, limit)));
    }

    @Override
    public List<Hit> exact(String collection, String key, Filter filter, int limit) {
        Index index = index(collection);
        Query match = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(DOC_ID, key)), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term(KEY, ChunkStore.lookupKey(key))), BooleanClause.Occur.SHOULD)
                .build();
        Query q = new BooleanQuery.Builder()
                .add(match, BooleanClause.Occur.FILTER)
                .add(filterQuery(filter), BooleanClause.Occur.FILTER)
                .build();
        Sort order = new Sort(new SortField(DOC_ID, SortField.Type.STRING), new SortField(POSITION, SortField.Type.INT));
        return index.search(s -> hits(s, s.search(q, limit, order)).stream().map(h -> h.withScore(1)).toList());
    }

    @Override
    public Set<String> fields(String collection) {
        return index(collection).search(s -> {
            Set<String> names = new java.util.TreeSet<>();
            for (FieldInfo info : FieldInfos.getMergedFieldInfos(s.getIndexReader())) {
                if (info.name.startsWith(FIELD_PREFIX)) {
                    names.add(info.name.substring(FIELD_PREFIX.length()));
                }
            }
            return names;
        });
    }

    @Override
    public long count(String collection) {
        return index(collection).search(s -> s.count(new MatchAllDocsQuery()));
    }

    @Override
    public void commit() {
        List<Index> indexes;
        synchronized (this) {
            indexes = List.copyOf(open.values());
        }
        for (Index index : indexes) {
            try {
                index.writer.commit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot commit collection " + index.info.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long eraseSubject(String subject) {
        List<Index> indexes;
        synchronized (this) {
            indexes = List.copyOf(open.values());
        }
        long erased = 0;
        Term term = new Term(FIELD_PREFIX + Metadata.SUBJECT, subject);
        for (Index index : indexes) {
            int found = index.search(s -> s.count(new TermQuery(term)));
            if (found > 0) {
                try {
                    index.writer.deleteDocuments(term);
                    index.writer.commit();
                    index.changed.set(true);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot erase from collection " + index.info.name(), e);
                }
                erased += found;
            }
        }
        return erased;
    }

    @Override
    public synchronized void close() {
        open.values().forEach(Index::close);
        open.clear();
    }

    private synchronized Index index(String collection) {
        Index index = open.get(collection);
        if (index == null) {
            throw new IllegalArgumentException("no collection named '" + collection + "'");
        }
        return index;
    }

    private Document document(IndexedChunk indexed) {
        Chunk chunk = indexed.chunk();
        Document doc = new Document();
        doc.add(new StringField(CHUNK_ID, chunk.id(), Field.Store.YES));
        doc.add(new StringField(DOC_ID, chunk.documentId(), Field.Store.YES));
        doc.add(new org.apache.lucene.document.SortedDocValuesField(DOC_ID,
                new org.apache.lucene.util.BytesRef(chunk.documentId())));
        doc.add(new StoredField(POSITION, chunk.position()));
        doc.add(new NumericDocValuesField(POSITION, chunk.position()));
        if (indexed.title() != null) {
            doc.add(new StoredField(TITLE, indexed.title()));
            doc.add(new StringField(KEY, ChunkStore.lookupKey(indexed.title()), Field.Store.NO));
        }
        doc.add(new StoredField(HEADINGS, String.join(String.valueOf(HEADING_SEPARATOR), chunk.headingPath())));
        doc.add(new StoredField(TEXT, chunk.text()));
        doc.add(new TextField(BODY, searchable(indexed.title(), chunk), Field.Store.NO));
        doc.add(new StoredField(META, MetadataJson.write(chunk.metadata())));
        doc.add(new StringField(HASH, indexed.contentHash(), Field.Store.YES));
        chunk.metadata().forEach((field, values) ->
                values.forEach(v -> doc.add(new StringField(FIELD_PREFIX + field, v, Field.Store.NO))));
        Metadata.orEveryone(chunk.metadata(), Metadata.TENANT).forEach(t -> doc.add(new StringField(TENANT, t, Field.Store.NO)));
        Metadata.orEveryone(chunk.metadata(), Metadata.ROLES).forEach(r -> doc.add(new StringField(ROLES, r, Field.Store.NO)));
        doc.add(new KnnFloatVectorField(VECTOR, indexed.vector(), VectorSimilarityFunction.COSINE));
        return doc;
    }

    /** The text keyword search reads: title, headings and the chunk's own text. */
    static String searchable(String title, Chunk chunk) {
        StringBuilder text = new StringBuilder();
        if (title != null) {
            text.append(title).append('\n');
        }
        for (String heading : chunk.headingPath()) {
            text.append(heading).append('\n');
        }
        return text.append(chunk.text()).toString();
    }

    private static Query filterQuery(Filter filter) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        all.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
        filter.fields().forEach((field, values) -> all.add(anyOf(FIELD_PREFIX + field, values), BooleanClause.Occur.FILTER));
        if (!filter.access().all()) {
            all.add(anyOf(TENANT, filter.access().tenants()), BooleanClause.Occur.FILTER);
            all.add(anyOf(ROLES, filter.access().roleValues()), BooleanClause.Occur.FILTER);
        }
        return all.build();
    }

    private static Query anyOf(String field, java.util.Collection<String> values) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        values.forEach(v -> any.add(new TermQuery(new Term(field, v)), BooleanClause.Occur.SHOULD));
        return any.setMinimumNumberShouldMatch(1).build();
    }

    private Set<String> analyze(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream(BODY, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private static List<Hit> hits(IndexSearcher searcher, TopDocs top) throws IOException {
        StoredFields stored = searcher.storedFields();
        List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc sd : top.scoreDocs) {
            Document doc = stored.document(sd.doc);
            String headings = doc.get(HEADINGS);
            Chunk chunk = new Chunk(doc.get(DOC_ID), doc.getField(POSITION).numericValue().intValue(),
                    headings.isEmpty() ? List.of() : List.of(headings.split(String.valueOf(HEADING_SEPARATOR))),
                    doc.get(TEXT), MetadataJson.read(doc.get(META)));
            hits.add(new Hit(chunk, doc.get(TITLE), Float.isNaN(sd.score) ? 1 : sd.score));
        }
        return hits;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** What a search reads from an index; may throw IOException. */
    @FunctionalInterface
    private interface Read<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    /** One collection's open index: its writer and a searcher that follows the writer. */
    private final class Index {
        final CollectionInfo info;
        final Path dir;
        final FSDirectory directory;
        final IndexWriter writer;
        final SearcherManager searchers;
        final AtomicBoolean changed = new AtomicBoolean();

        Index(CollectionInfo info, Path dir) throws IOException {
            this.info = info;
            this.dir = dir;
            this.directory = FSDirectory.open(dir.resolve("index"));
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, config);
            this.searchers = new SearcherManager(writer, null);
        }

        <T> T search(Read<T> read) {
            try {
                if (changed.getAndSet(false)) {
                    searchers.maybeRefreshBlocking();
                }
                IndexSearcher searcher = searchers.acquire();
                try {
                    return read.apply(searcher);
                } finally {
                    searchers.release(searcher);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot search collection " + info.name() + ": " + e.getMessage(), e);
            } catch (org.apache.lucene.store.AlreadyClosedException e) {
                throw new IllegalArgumentException("no collection named '" + info.name() + "'");
            }
        }

        void close() {
            try {
                searchers.close();
                writer.close(); // commits
                directory.close();
            } catch (IOException | RuntimeException e) {
                System.getLogger(LuceneStore.class.getName()).log(System.Logger.Level.WARNING,
                        "could not close collection " + info.name() + " cleanly: " + e.getMessage());
            }
        }
    }
}
