package dev.switchboard.retrieval.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one {@link LocalModel} with ONNX Runtime, in process. The model and tokenizer are read from
 * the classpath on first use (tens of megabytes, about a second), not when this is created.
 *
 * <p>Texts are sorted by length and cut into batches of {@value #BATCH} so that padding stays
 * small; batches run in parallel on {@code threads} threads, each batch on one core (for small
 * models that beats splitting one batch's matrix work across cores). Texts longer than the model's
 * 512 tokens are truncated. Thread-safe.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {

    static final int BATCH = 16;
    private static final int MAX_TOKENS = 512;

    private final LocalModel model;
    private final int threads;
    private volatile Loaded loaded;

    /** @param threads batches run at once; usually the number of cores */
    public OnnxEmbedder(LocalModel model, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.model = model;
        this.threads = threads;
    }

    @Override
    public String model() {
        return model.modelName();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    /** Loads the model now rather than at the first text. */
    public void preload() {
        loaded();
    }

    @Override
    public Embeddings embed(List<String> texts, Purpose purpose) {
        if (texts.isEmpty()) {
            return new Embeddings(List.of(), 0);
        }
        String prefix = purpose == Purpose.QUERY ? model.queryPrefix() : "";
        List<String> inputs = new ArrayList<>(texts.size());
        for (String text : texts) {
            if (text == null) {
                throw new IllegalArgumentException("a text to embed is null");
            }
            inputs.add(prefix + text);
        }
        Loaded m = loaded();
        Integer[] order = new Integer[inputs.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> inputs.get(i).length()));
        float[][] vectors = new float[inputs.size()][];
        long tokens = 0;
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += BATCH) {
            batches.add(new int[] {from, Math.min(order.length, from + BATCH)});
        }
        if (batches.size() == 1) {
            tokens += m.run(order, 0, order.length, inputs, vectors);
        } else {
            List<Future<Long>> futures = new ArrayList<>(batches.size());
            for (int[] batch : batches) {
                futures.add(m.pool.submit(() -> m.run(order, batch[0], batch[1], inputs, vectors)));
            }
            for (Future<Long> future : futures) {
                try {
                    tokens += future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(f -> f.cancel(true));
                    throw new IllegalStateException("interrupted while embedding", e);
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        return new Embeddings(List.of(vectors), tokens);
    }

    private Loaded loaded() {
        Loaded m = loaded;
        if (m == null) {
            synchronized (this) {
                m = loaded;
                if (m == null) {
                    loaded = m = new Loaded(model, threads);
                }
            }
        }
        return m;
    }

    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
    }

    /** The model once read: ONNX session, tokenizer and the threads batches run on. */
    private static final class Loaded implements AutoCloseable {
        final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        final OrtSession session;
        final HuggingFaceTokenizer tokenizer;
        final boolean typeIds;
        final LocalModel model;
        final ExecutorService pool;

        Loaded(LocalModel model, int threads) {
            this.model = model;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.session = environment.createSession(resource(model.onnxResource()), options);
                this.typeIds = session.getInputNames().contains("token_type_ids");
            } catch (OrtException e) {
                throw new IllegalStateException("cannot load embedding model " + model.modelName() + ": " + e.getMessage(), e);
            }
            Map<String, String> tokenizerOptions = new HashMap<>();
            tokenizerOptions.put("padding", "true");
            tokenizerOptions.put("truncation", "true");
            tokenizerOptions.put("maxLength", String.valueOf(MAX_TOKENS));
            try (InputStream in = stream(model.tokenizerResource())) {
                this.tokenizer = HuggingFaceTokenizer.newInstance(in, tokenizerOptions);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the tokenizer of " + model.modelName(), e);
            }
            this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("switchboard-embed-", 0)
                    .factory());
        }

        /** Embeds inputs {@code order[from..to)} into {@code out}; returns the tokens read. */
        long run(Integer[] order, int from, int to, List<String> inputs, float[][] out) {
            List<String> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(inputs.get(order[i]));
            }
            Encoding[] encodings = tokenizer.batchEncode(batch);
            int rows = encodings.length;
            int length = encodings[0].getIds().length;
            long[] ids = new long[rows * length];
            long[] mask = new long[rows * length];
            long[] types = new long[rows * length];
            long tokens = 0;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(encodings[r].getIds(), 0, ids, r * length, length);
                long[] m = encodings[r].getAttentionMask();
                System.arraycopy(m, 0, mask, r * length, length);
                System.arraycopy(encodings[r].getTypeIds(), 0, types, r * length, length);
                for (long bit : m) {
                    tokens += bit;
                }
                tokens -= 2; // [CLS] and [SEP]
            }
            long[] shape = {rows, length};
            try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                 OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                 OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape)) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                feed.put("input_ids", idTensor);
                feed.put("attention_mask", maskTensor);
                if (typeIds) {
                    feed.put("token_type_ids", typeTensor);
                }
                try (OrtSession.Result result = session.run(feed)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    int dims = model.dimensions();
                    for (int r = 0; r < rows; r++) {
                        out[order[from + r]] = Vectors.normalize(pool(hidden, r, length, dims, mask));
                    }
                }
            } catch (OrtException e) {
                throw new IllegalStateException("embedding with " + model.modelName() + " failed: " + e.getMessage(), e);
            }
            return Math.max(0, tokens);
        }

        private float[] pool(FloatBuffer hidden, int row, int length, int dims, long[] mask) {
            float[] v = new float[dims];
            int base = row * length * dims;
            if (model.pooling() == LocalModel.Pooling.CLS) {
                hidden.get(base, v);
                return v;
            }
            int count = 0;
            for (int t = 0; t < length; t++) {
                if (mask[row * length + t] == 0) {
                    continue;
                }
                count++;
                int offset = base + t * dims;
                for (int d = 0; d < dims; d++) {
                    v[d] += hidden.get(offset + d);
                }
            }
            for (int d = 0; d < dims && count > 0; d++) {
                v[d] /= count;
            }
            return v;
        }

        private static byte[] resource(String name) {
            try (InputStream in = stream(name)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name + " from the classpath", e);
            }
        }

        private static InputStream stream(String name) {
            InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath: the LangChain4j embedding"
                        + " artifact that ships it is missing from the build");
            }
            return in;
        }

        @Override
        public void close() {
            pool.shutdownNow();
            tokenizer.close();
            try {
                session.close();
            } catch (OrtException e) {
                // closing a session we no longer use: nothing to recover
            }
        }
    }
}
