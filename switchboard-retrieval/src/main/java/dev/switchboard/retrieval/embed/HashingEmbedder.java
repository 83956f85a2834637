package dev.switchboard.retrieval.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic bag-of-words embedder: each lower-cased word is hashed to one dimension, counts
 * are dampened ({@code 1 + log tf}) and the vector normalized. It needs no model, loads instantly
 * and makes texts that share words similar, which is what tests of stores and hybrid search need.
 * Not a semantic model: synonyms are unrelated to it. Thread-safe.
 */
public final class HashingEmbedder implements Embedder {

    /** The model name of the default instance. */
    public static final String MODEL = "test/hashing-256";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final String model;
    private final int dimensions;

    public HashingEmbedder(String model, int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, was " + dimensions);
        }
        this.model = model;
        this.dimensions = dimensions;
    }

    public HashingEmbedder() {
        this(MODEL, 256);
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public Embeddings embed(List<String> texts, Purpose purpose) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        long tokens = 0;
        for (String text : texts) {
            if (text == null) {
                throw new IllegalArgumentException("a text to embed is null");
            }
            float[] v = new float[dimensions];
            Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (words.find()) {
                v[Math.floorMod(words.group().hashCode() * 0x9E3779B1, dimensions)] += 1;
                tokens++;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] > 0 ? (float) (1 + Math.log(v[i])) : 0;
            }
            vectors.add(Vectors.normalize(v));
        }
        return new Embeddings(List.copyOf(vectors), tokens);
    }
}
