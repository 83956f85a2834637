package dev.switchboard.server.retrieval;

import dev.switchboard.core.config.RetrievalConfig;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.redact.PrivacyPolicy;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.RetrievalSettings;
import dev.switchboard.retrieval.TextRedactor;
import dev.switchboard.retrieval.chunk.ChunkingOptions;
import dev.switchboard.retrieval.embed.EmbeddingModels;
import dev.switchboard.retrieval.store.ChunkStore;
import dev.switchboard.retrieval.store.LuceneStore;
import dev.switchboard.retrieval.store.PgVectorStore;
import dev.switchboard.server.privacy.Privacy;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the {@link Retrieval} of a config: its store (Lucene under the data directory, or
 * pgvector), the JVM's shared in-process embedding models, and the redaction of collections listed
 * in {@code retrieval.redact_collections} with the privacy section's default policy and operators.
 */
public final class RetrievalSetup {

    /** Connections a pgvector store opens at most. */
    private static final int PG_CONNECTIONS = 8;

    private RetrievalSetup() {
    }

    /**
     * @param dataDir the server's data directory; Lucene indexes go to {@code retrieval.data_dir}
     *     or {@code <dataDir>/retrieval}
     * @param privacy the current privacy settings, read at each redaction
     * @throws IllegalStateException when the store cannot be opened, saying why
     */
    public static Retrieval open(RetrievalConfig config, Path dataDir, Supplier<Privacy> privacy) {
        ChunkStore store = store(config, dataDir);
        RetrievalSettings defaults = RetrievalSettings.defaults(config.defaultModel());
        RetrievalSettings settings = new RetrievalSettings(config.defaultModel(),
                new ChunkingOptions(config.chunkTokens(), config.chunkOverlapTokens(), config.semanticChunking(), 90),
                config.rrfK(), defaults.candidates(), config.maxTopK(), defaults.maxDocumentChars(), config.maxFileBytes());
        EmbeddingModels models = EmbeddingModels.shared();
        TextRedactor redactor = config.redactCollections().isEmpty() ? TextRedactor.NONE
                : (collection, text) -> config.redacts(collection) ? redact(privacy.get(), text) : text;
        return new Retrieval(store, models::find, settings, redactor);
    }

    private static ChunkStore store(RetrievalConfig config, Path dataDir) {
        if (config.store() == RetrievalConfig.Store.PGVECTOR) {
            try {
                return new PgVectorStore(config.url(), config.user(), config.password(), config.halfvec(), PG_CONNECTIONS,
                        config.keywordCandidates(), Ticker.system());
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot open the retrieval store at " + config.url() + ": " + e.getMessage(), e);
            }
        }
        Path dir = config.dataDir() != null ? Path.of(config.dataDir()) : dataDir.resolve("retrieval");
        try {
            return new LuceneStore(dir);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof org.apache.lucene.store.LockObtainFailedException) {
                throw new IllegalStateException("the retrieval index in " + dir + " is open in another process (a running"
                        + " server?); stop it, or use its HTTP API, or give another --data-dir", e);
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@code text} with personal data replaced by the default policy's operators. */
    static String redact(Privacy privacy, String text) {
        PrivacyPolicy policy = privacy.policies().defaultPolicy();
        List<Finding> findings = privacy.analyzer().analyze(text, policy.options());
        return findings.isEmpty() ? text : policy.explicit().redact(text, findings);
    }
}
