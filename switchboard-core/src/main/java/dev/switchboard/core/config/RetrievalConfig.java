package dev.switchboard.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * Retrieval (RAG): where collections are indexed, which embedding model new collections use, and
 * the limits of ingestion and search.
 *
 * @param store {@code lucene} (default: an index on local disk) or {@code pgvector} (PostgreSQL with
 *     the pgvector extension, shared by every replica)
 * @param dataDir folder of the Lucene indexes; default {@code <data dir>/retrieval}
 * @param url JDBC URL of the pgvector store ({@code jdbc:postgresql://host:5432/db}); required for
 *     {@code pgvector}
 * @param user database user (pgvector)
 * @param password database password (pgvector), usually {@code ${env:...}}
 * @param halfvec store pgvector vectors as 16-bit {@code halfvec} (half the memory); default false
 * @param keywordCandidates chunks a pgvector keyword search ranks at most: a query whose words are
 *     common ranks only the chunks holding its rarer words, within this many; more is slower and
 *     closer to ranking every match; default 10,000
 * @param defaultModel embedding model of collections created without one; default
 *     {@code local/bge-small-en-v1.5}
 * @param chunkTokens most tokens in a chunk; default 256
 * @param chunkOverlapTokens tokens repeated between adjacent chunks; default 32
 * @param semanticChunking also split where the topic turns (embeds every sentence); default false
 * @param rrfK rank constant of hybrid (reciprocal rank) fusion; default 60
 * @param maxTopK largest {@code top_k} of a query; default 100
 * @param maxFileBytes largest single file ingested (also "50MiB"); JSON Lines files are limited per
 *     line instead; default 50 MiB
 * @param maxUploadBytes largest multipart upload to {@code POST /v1/collections/{name}/documents},
 *     all files together (also "100MiB"); larger uploads get 413; default 100 MiB
 * @param redactCollections collections whose documents have personal data removed before indexing,
 *     with the {@code privacy} section's default operators; {@code "*"} for all; default none
 */
public record RetrievalConfig(Store store, String dataDir, String url, String user, String password, Boolean halfvec,
                              Integer keywordCandidates, String defaultModel, Integer chunkTokens, Integer chunkOverlapTokens,
                              Boolean semanticChunking, Integer rrfK, Integer maxTopK,
                              @JsonDeserialize(using = ByteSizes.Deserializer.class) Long maxFileBytes,
                              @JsonDeserialize(using = ByteSizes.Deserializer.class) Long maxUploadBytes,
                              List<String> redactCollections) {

    /** Where collections live. */
    public enum Store {
        @JsonProperty("lucene") LUCENE,
        @JsonProperty("pgvector") PGVECTOR
    }

    public RetrievalConfig {
        store = store != null ? store : Store.LUCENE;
        halfvec = halfvec != null ? halfvec : false;
        keywordCandidates = keywordCandidates != null ? keywordCandidates : 10_000;
        defaultModel = defaultModel != null ? defaultModel : "local/bge-small-en-v1.5";
        chunkTokens = chunkTokens != null ? chunkTokens : 256;
        chunkOverlapTokens = chunkOverlapTokens != null ? chunkOverlapTokens : 32;
        semanticChunking = semanticChunking != null ? semanticChunking : false;
        rrfK = rrfK != null ? rrfK : 60;
        maxTopK = maxTopK != null ? maxTopK : 100;
        maxFileBytes = maxFileBytes != null ? maxFileBytes : 50L * 1024 * 1024;
        maxUploadBytes = maxUploadBytes != null ? maxUploadBytes : 100L * 1024 * 1024;
        redactCollections = redactCollections != null ? List.copyOf(redactCollections) : List.of();
    }

    public static RetrievalConfig defaults() {
        return new RetrievalConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** Whether documents ingested into {@code collection} are redacted first. */
    public boolean redacts(String collection) {
        return redactCollections.contains("*") || redactCollections.contains(collection);
    }

    @Override
    public String toString() {
        return "RetrievalConfig[store=" + store + ", url=" + url + ", user=" + user + ", password="
                + (password == null ? "unset" : "<redacted>") + ", defaultModel=" + defaultModel + "]";
    }

    /** Reports each problem as (path, message). */
    static void validate(RetrievalConfig config, java.util.function.BiConsumer<String, String> problems) {
        if (config.store() == Store.PGVECTOR && (config.url() == null || !config.url().startsWith("jdbc:postgresql:"))) {
            problems.accept("retrieval.url", "store pgvector needs a jdbc:postgresql:// URL");
        }
        if (config.store() == Store.LUCENE && config.url() != null) {
            problems.accept("retrieval.url", "applies to store pgvector only");
        }
        if (config.chunkTokens() < 16 || config.chunkTokens() > 512) {
            problems.accept("retrieval.chunk_tokens", "must be between 16 and 512 (the models read 512 tokens), was "
                    + config.chunkTokens());
        }
        if (config.chunkOverlapTokens() < 0 || config.chunkOverlapTokens() >= config.chunkTokens() / 2) {
            problems.accept("retrieval.chunk_overlap_tokens", "must be 0 or more and less than half of chunk_tokens, was "
                    + config.chunkOverlapTokens());
        }
        if (config.rrfK() < 1) {
            problems.accept("retrieval.rrf_k", "must be at least 1, was " + config.rrfK());
        }
        if (config.maxTopK() < 1 || config.maxTopK() > 1000) {
            problems.accept("retrieval.max_top_k", "must be between 1 and 1000, was " + config.maxTopK());
        }
        if (config.maxFileBytes() < 1024) {
            problems.accept("retrieval.max_file_bytes", "must be at least 1KiB, was " + config.maxFileBytes());
        }
        if (config.keywordCandidates() < 100) {
            problems.accept("retrieval.keyword_candidates", "must be at least 100, was " + config.keywordCandidates());
        }
        if (config.maxUploadBytes() < 1024) {
            problems.accept("retrieval.max_upload_bytes", "must be at least 1KiB, was " + config.maxUploadBytes());
        }
    }
}
