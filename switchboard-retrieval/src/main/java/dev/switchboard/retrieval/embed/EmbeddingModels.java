package dev.switchboard.retrieval.embed;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The in-process embedders of one JVM, one per {@link LocalModel}, created on first use and shared
 * (each holds its model's memory once loaded), plus the {@link HashingEmbedder} under
 * {@value HashingEmbedder#MODEL}. Thread-safe.
 */
public final class EmbeddingModels {

    static {
        // DJL's tokenizer logs through SLF4J; without a binding SLF4J warns on stderr at every start
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private static final EmbeddingModels SHARED = new EmbeddingModels(Runtime.getRuntime().availableProcessors());

    private final int threads;
    private final Map<LocalModel, OnnxEmbedder> embedders = new EnumMap<>(LocalModel.class);
    private final HashingEmbedder hashing = new HashingEmbedder();

    public EmbeddingModels(int threads) {
        this.threads = threads;
    }

    /** The JVM's shared instance, using every core. */
    public static EmbeddingModels shared() {
        return SHARED;
    }

    /** The embedder of model {@code name}, if it is one served in process. */
    public Optional<Embedder> find(String name) {
        if (HashingEmbedder.MODEL.equals(name)) {
            return Optional.of(hashing);
        }
        return LocalModel.named(name).map(this::get);
    }

    /** The embedder of {@code model}, its model not yet loaded if it was never used. */
    public synchronized OnnxEmbedder get(LocalModel model) {
        return embedders.computeIfAbsent(model, m -> new OnnxEmbedder(m, threads));
    }
}
