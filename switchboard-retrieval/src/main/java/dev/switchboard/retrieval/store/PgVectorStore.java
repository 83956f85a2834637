package dev.switchboard.retrieval.store;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.Metadata;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production store: PostgreSQL with pgvector. Collections are rows of
 * {@code retrieval_collections}; each has its own table {@code retrieval_chunks_<id>} with an HNSW
 * index (cosine) on its vectors — {@code vector}, or {@code halfvec} (half the memory, for large
 * collections) — a {@code tsvector} of title, headings and text (English configuration: stop words,
 * Snowball stemming) with a GIN index for keyword
 * search ranked by {@code ts_rank}, and a GIN index on the metadata for filters. A document's chunks
 * are replaced in one transaction. The {@code vector} extension must be installable or installed
 * in a schema on the search path. Filtered vector searches use pgvector's iterative index scans,
 * so that a filter does not starve the result. Thread-safe; any number of replicas may share it.
 */
public final class PgVectorStore implements ChunkStore {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int MAX_QUERY_TERMS = 256;
    private static final String COLUMNS = "document_id, position, headings, title, text, metadata";

    /** Chunks a keyword search ranks at most, about: see {@link #keyword}. */
    public static final int DEFAULT_KEYWORD_CANDIDATES = 10_000;


    private final ConnectionPool pool;
    private final int keywordCandidates;
    private final PgKeywordStatistics statistics;
    private final boolean halfvec;
    private final Map<String, Integer> tableIds = new ConcurrentHashMap<>();

    /**
     * @param halfvec store new collections' vectors as {@code halfvec} (16-bit floats)
     * @param connections most connections used at once
     */
    public PgVectorStore(String url, String user, String password, boolean halfvec, int connections) {
        this(url, user, password, halfvec, connections, DEFAULT_KEYWORD_CANDIDATES, Ticker.system());
    }

    /**
     * @param keywordCandidates chunks a keyword search ranks at most, about (see {@link PgKeywordPlan})
     * @param ticker the clock that ages cached keyword statistics
     */
    public PgVectorStore(String url, String user, String password, boolean halfvec, int connections,
                         int keywordCandidates, Ticker ticker) {
        if (keywordCandidates < 1) {
            throw new IllegalArgumentException("keywordCandidates must be at least 1, was " + keywordCandidates);
        }
        this.keywordCandidates = keywordCandidates;
        this.statistics = new PgKeywordStatistics(ticker);
        this.pool = new ConnectionPool(url, user, password, connections);
        this.halfvec = halfvec;
        try {
            pool.with(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS vector");
                    s.execute("CREATE TABLE IF NOT EXISTS retrieval_collections (id serial PRIMARY KEY,"
                            + " name text NOT NULL UNIQUE, model text NOT NULL, dimensions int NOT NULL,"
                            + " halfvec boolean NOT NULL, fields text[] NOT NULL DEFAULT '{}')");
                }
                return null;
            });
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot set up the retrieval tables (is the pgvector extension installed?): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void create(CollectionInfo collection) {
        int max = halfvec ? 4000 : 2000;
        if (collection.dimensions() > max) {
            throw new IllegalArgumentException("pgvector indexes at most " + max + " dimensions"
                    + (halfvec ? "" : " (4000 with halfvec)") + "; the model has " + collection.dimensions());
        }
        run(() -> pool.inTransaction(c -> {
            int id;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO retrieval_collections"
                    + " (name, model, dimensions, halfvec) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING id")) {
                insert.setString(1, collection.name());
                insert.setString(2, collection.model());
                insert.setInt(3, collection.dimensions());
                insert.setBoolean(4, halfvec);
                try (ResultSet rs = insert.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("collection '" + collection.name() + "' exists already");
                    }
                    id = rs.getInt(1);
                }
            }
            String table = table(id);
            String type = (halfvec ? "halfvec(" : "vector(") + collection.dimensions() + ")";
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (chunk_id text PRIMARY KEY, document_id text NOT NULL,"
                        + " position int NOT NULL, headings text[] NOT NULL, title text, text text NOT NULL,"
                        + " metadata jsonb NOT NULL, tenants text[] NOT NULL, roles text[] NOT NULL,"
                        + " content_hash text NOT NULL, lookup_key text, embedding " + type + " NOT NULL,"
                        + " tsv tsvector NOT NULL)");
                s.execute("CREATE INDEX ON " + table + " (document_id, position)");
                s.execute("CREATE INDEX ON " + table + " (lookup_key)");
                s.execute("CREATE INDEX ON " + table + " USING gin (tsv)");
                s.execute("CREATE INDEX ON " + table + " USING gin (metadata jsonb_path_ops)");
                s.execute("CREATE INDEX ON " + table + " USING hnsw (embedding "
                        + (halfvec ? "halfvec_cosine_ops" : "vector_cosine_ops") + ")");
            }
            tableIds.put(collection.name(), id);
            return null;
        }));
    }

    @Override
    public Optional<CollectionInfo> collection(String name) {
        return run(() -> pool.with(c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT id, model, dimensions FROM retrieval_collections WHERE name = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        tableIds.remove(name);
                        return Optional.empty();
                    }
                    tableIds.put(name, rs.getInt(1));
                    return Optional.of(new CollectionInfo(name, rs.getString(2), rs.getInt(3)));
                }
            }
        }));
    }

    @Override
    public List<CollectionInfo> collections() {
        return run(() -> pool.with(c -> {
            List<CollectionInfo> all = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, model, dimensions FROM retrieval_collections ORDER BY name")) {
                while (rs.next()) {
                    all.add(new CollectionInfo(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
            return all;
        }));
    }

    @Override
    public boolean drop(String name) {
        return run(() -> pool.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM retrieval_collections WHERE name = ? RETURNING id")) {
                delete.setString(1, name);
                try (ResultSet rs = delete.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP TABLE IF EXISTS " + table(rs.getInt(1)));
                    }
                    statistics.forget(table(rs.getInt(1)));
                }
            }
            tableIds.remove(name);
            return true;
        }));
    }

    @Override
    public void replace(String collection, String documentId, List<IndexedChunk> chunks) {
        String table = table(collection);
        Set<String> fields = new TreeSet<>();
        chunks.forEach(ch -> fields.addAll(ch.chunk().metadata().keySet()));
        int deleted = run(() -> pool.inTransaction(c -> {
            int gone;
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE document_id = ?")) {
                delete.setString(1, documentId);
                gone = delete.executeUpdate();
            }
            if (chunks.isEmpty()) {
                return gone;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (chunk_id, document_id,"
                    + " position, headings, title, text, metadata, tenants, roles, content_hash, lookup_key, embedding, tsv)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::" + vectorType() + ", to_tsvector('english', ?))")) {
                for (IndexedChunk indexed : chunks) {
                    Chunk chunk = indexed.chunk();
                    if (!chunk.documentId().equals(documentId)) {
                        throw new IllegalArgumentException("chunk " + chunk.id() + " is not of document " + documentId);
                    }
                    insert.setString(1, chunk.id());
                    insert.setString(2, documentId);
                    insert.setInt(3, chunk.position());
                    insert.setArray(4, texts(c, chunk.headingPath()));
                    insert.setString(5, indexed.title());
                    insert.setString(6, chunk.text());
                    insert.setString(7, MetadataJson.write(chunk.metadata()));
                    insert.setArray(8, texts(c, Metadata.orEveryone(chunk.metadata(), Metadata.TENANT)));
                    insert.setArray(9, texts(c, Metadata.orEveryone(chunk.metadata(), Metadata.ROLES)));
                    insert.setString(10, indexed.contentHash());
                    insert.setString(11, ChunkStore.lookupKey(indexed.title()));
                    insert.setString(12, literal(indexed.vector()));
                    insert.setString(13, LuceneStore.searchable(indexed.title(), chunk));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            if (!fields.isEmpty()) {
                try (PreparedStatement update = c.prepareStatement("UPDATE retrieval_collections SET fields ="
                        + " ARRAY(SELECT DISTINCT unnest(fields || ?::text[]) ORDER BY 1) WHERE name = ? AND NOT fields @> ?::text[]")) {
                    Array array = texts(c, List.copyOf(fields));
                    update.setArray(1, array);
                    update.setString(2, collection);
                    update.setArray(3, array);
                    update.executeUpdate();
                }
            }
            return gone;
        }));
        statistics.wrote(table, deleted + chunks.size());
    }

    @Override
    public Optional<String> contentHash(String collection, String documentId) {
        String table = table(collection);
        return run(() -> pool.with(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT content_hash FROM " + table
                    + " WHERE document_id = ? LIMIT 1")) {
                q.setString(1, documentId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        }));
    }

    @Override
    public boolean delete(String collection, String documentId) {
        String table = table(collection);
        int deleted = run(() -> pool.with(c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE document_id = ?")) {
                delete.setString(1, documentId);
                return delete.executeUpdate();
            }
        }));
        statistics.wrote(table, deleted);
        return deleted > 0;
    }

    /**
     * Chunks holding any of the query's words, ranked by {@code ts_rank} (normalized by length) of
     * each word weighted by its rarity; to bound the cost, only the chunks holding its rarer words are
     * ranked when its words are common ({@link PgKeywordPlan}).
     */
    @Override
    public List<Hit> keyword(String collection, String query, Filter filter, int limit) {
        String table = table(collection);
        Set<String> words = new java.util.LinkedHashSet<>();
        Matcher m = WORD.matcher(query.toLowerCase(java.util.Locale.ROOT));
        while (m.find() && words.size() < MAX_QUERY_TERMS) {
            words.add(m.group());
        }
        if (words.isEmpty()) {
            return List.of();
        }
        return run(() -> pool.with(c -> {
            List<String> lexemes = lexemes(c, String.join(" ", words));
            if (lexemes.isEmpty()) { // stop words only
                return List.of();
            }
            PgKeywordPlan plan = PgKeywordPlan.of(lexemes, statistics.of(c, table), keywordCandidates);
            List<Object> params = new ArrayList<>();
            StringBuilder score = new StringBuilder();
            for (PgKeywordPlan.Weighted term : plan.scores()) {
                score.append(score.isEmpty() ? "" : " + ").append(term.weight()).append(" * ts_rank(tsv, ?::tsquery, 1)");
                params.add(term.tsquery());
            }
            params.add(plan.selection());
            String where = where(filter, params);
            if (plan.limit() > 0) {
                params.add(plan.limit());
            }
            params.add(limit);
            String sql = "SELECT " + COLUMNS + ", " + score + " AS score FROM (SELECT chunk_id, " + COLUMNS
                    + ", tsv FROM " + table + " WHERE tsv @@ ?::tsquery" + where + (plan.limit() > 0 ? " LIMIT ?" : "")
                    + ") candidates ORDER BY score DESC, chunk_id LIMIT ?";
            return query(c, sql, params);
        }));
    }

    /** The query's lexemes as the index has them (English stemming, stop words dropped), distinct. */
    private static List<String> lexemes(Connection c, String words) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT unnest(tsvector_to_array(to_tsvector('english', ?)))")) {
            q.setString(1, words);
            List<String> lexemes = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    lexemes.add(rs.getString(1));
                }
            }
            return lexemes;
        }
    }

    @Override
    public List<Hit> vector(String collection, float[] vector, Filter filter, int limit) {
        CollectionInfo info = collection(collection)
                .orElseThrow(() -> new IllegalArgumentException("no collection named '" + collection + "'"));
        if (vector.length != info.dimensions()) {
            throw new IllegalArgumentException("query vector has " + vector.length + " dimensions; collection "
                    + collection + " has " + info.dimensions());
        }
        String table = table(collection);
        List<Object> params = new ArrayList<>();
        String literal = literal(vector);
        params.add(literal);
        String where = where(filter, params);
        params.add(literal);
        params.add(limit);
        String type = vectorType();
        String sql = "SELECT * FROM (SELECT " + COLUMNS + ", (2 - (embedding <=> ?::" + type + ")) / 2 AS score FROM "
                + table + " WHERE true" + where + " ORDER BY embedding <=> ?::" + type + " LIMIT ?) nearest"
                + " ORDER BY score DESC";
        return run(() -> pool.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL hnsw.ef_search = " + Math.clamp(limit * 2L, 40, 1000));
                s.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
            return query(c, sql, params);
        }));
    }

    @Override
    public List<Hit> exact(String collection, String key, Filter filter, int limit) {
        String table = table(collection);
        List<Object> params = new ArrayList<>();
        params.add(key);
        params.add(ChunkStore.lookupKey(key));
        String where = where(filter, params);
        params.add(limit);
        String sql = "SELECT " + COLUMNS + ", 1.0 AS score FROM " + table + " WHERE (document_id = ? OR lookup_key = ?)"
                + where + " ORDER BY document_id, position LIMIT ?";
        return run(() -> pool.with(c -> query(c, sql, params)));
    }

    @Override
    public Set<String> fields(String collection) {
        return run(() -> pool.with(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT fields FROM retrieval_collections WHERE name = ?")) {
                q.setString(1, collection);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no collection named '" + collection + "'");
                    }
                    return new TreeSet<>(List.of((String[]) rs.getArray(1).getArray()));
                }
            }
        }));
    }

    @Override
    public long count(String collection) {
        String table = table(collection);
        return run(() -> pool.with(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    /**
     * Every write is committed already; this analyzes the tables this store changed much since it
     * last did (more than 1,000 chunks and 10% of the table), so that keyword search plans with
     * fresh statistics at once rather than when autovacuum gets to it.
     */
    @Override
    public void commit() {
        run(() -> {
            statistics.analyzeChanged(pool);
            return null;
        });
    }

    @Override
    public long eraseSubject(String subject) {
        long erased = 0;
        for (CollectionInfo info : collections()) {
            String table = table(info.name());
            erased += run(() -> pool.with(c -> {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE metadata @> ?::jsonb")) {
                    delete.setString(1, MetadataJson.write(Map.of(Metadata.SUBJECT, List.of(subject))));
                    return (long) delete.executeUpdate();
                }
            }));
        }
        return erased;
    }

    @Override
    public void close() {
        pool.close();
    }

    private String vectorType() {
        return halfvec ? "halfvec" : "vector";
    }

    private String table(String collection) {
        Integer id = tableIds.get(collection);
        if (id == null) {
            collection(collection).orElseThrow(() -> new IllegalArgumentException("no collection named '" + collection + "'"));
            id = tableIds.get(collection);
        }
        return table(id);
    }

    private static String table(int id) {
        return "retrieval_chunks_" + id;
    }

    /** The filter as {@code AND ...} conditions, their parameters appended to {@code params}. */
    private static String where(Filter filter, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        filter.fields().forEach((field, values) -> {
            sql.append(" AND (");
            boolean first = true;
            for (String value : values) {
                sql.append(first ? "" : " OR ").append("metadata @> ?::jsonb");
                params.add(MetadataJson.write(Map.of(field, List.of(value))));
                first = false;
            }
            sql.append(values.isEmpty() ? "false)" : ")");
        });
        if (!filter.access().all()) {
            sql.append(" AND tenants && ? AND roles && ?");
            params.add(filter.access().tenants());
            params.add(filter.access().roleValues());
        }
        return sql.toString();
    }

    private static List<Hit> query(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof List<?> list) {
                    q.setArray(i + 1, c.createArrayOf("text", list.toArray()));
                } else if (p instanceof Integer n) {
                    q.setInt(i + 1, n);
                } else {
                    q.setString(i + 1, (String) p);
                }
            }
            List<Hit> hits = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Chunk chunk = new Chunk(rs.getString(1), rs.getInt(2), List.of((String[]) rs.getArray(3).getArray()),
                            rs.getString(5), MetadataJson.read(rs.getString(6)));
                    hits.add(new Hit(chunk, rs.getString(4), rs.getDouble(7)));
                }
            }
            return hits;
        }
    }

    private static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    private static String literal(float[] vector) {
        StringBuilder s = new StringBuilder(vector.length * 10).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(vector[i]);
        }
        return s.append(']').toString();
    }

    @FunctionalInterface
    private interface Sql<T> {
        T call() throws SQLException;
    }

    private static <T> T run(Sql<T> sql) {
        try {
            return sql.call();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined table: dropped through another replica
                throw new IllegalArgumentException("the collection no longer exists", e);
            }
            throw new StoreException("retrieval store: " + e.getMessage(), e);
        }
    }
}
