package dev.switchboard.server.cli;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.embed.Embedder;
import dev.switchboard.retrieval.embed.EmbeddingModels;
import dev.switchboard.retrieval.embed.HashingEmbedder;
import dev.switchboard.retrieval.embed.LocalModel;
import dev.switchboard.retrieval.search.HybridRetriever;
import dev.switchboard.retrieval.search.SearchMode;
import dev.switchboard.retrieval.store.ChunkStore;
import dev.switchboard.retrieval.store.CollectionInfo;
import dev.switchboard.retrieval.store.Filter;
import dev.switchboard.retrieval.store.IndexedChunk;
import dev.switchboard.retrieval.store.LuceneStore;
import dev.switchboard.retrieval.store.PgVectorStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard benchmark retrieval}: (1) chunks embedded per second by each in-process model
 * on this machine's cores, and (2) search latency (p50, p99) of each store at {@code --chunks}
 * chunks for keyword, vector and hybrid search. Part 2 fills the stores with synthetic text
 * (Zipf-distributed words from a seeded generator) and vectors of the {@link HashingEmbedder} at
 * 384 dimensions — embedding 100k chunks with a real model would take hours on 2 cores — so its
 * latencies are the store's own (vector search cost depends on dimensions and count, not on the
 * model); the query-embedding latency of the real model is measured apart and adds to vector and
 * hybrid searches. Writes a Markdown result with machine, command and date.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Embedding throughput and search latency per store (writes bench/results/DATE-retrieval.md).")
final class RetrievalBenchmarkCommand implements Callable<Integer> {

    @Option(names = "--chunks", paramLabel = "N", defaultValue = "100000", description = "Chunks per store (default ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "300", description = "Timed queries per mode (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--embed-chunks", paramLabel = "N", defaultValue = "256",
            description = "Chunks embedded per model for the throughput figure; 0 skips it (default ${DEFAULT-VALUE}).")
    int embedChunks;

    @Option(names = "--stores", split = ",", defaultValue = "lucene,pgvector", description = "Stores (default ${DEFAULT-VALUE}).")
    List<String> stores;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
            description = "PostgreSQL with pgvector; a schema sb_bench_retrieval is created and dropped (default ${DEFAULT-VALUE}).")
    String pgUrl;

    @Option(names = "--pg-user", defaultValue = "postgres", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String pgUser;

    @Option(names = "--out", paramLabel = "FILE", description = "Result file (default bench/results/DATE-retrieval.md).")
    Path out;

    private final Ticker ticker = Ticker.system();
    private final Clock clock = Clock.systemUTC();
    private final StringBuilder report = new StringBuilder();

    @Override
    public Integer call() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<String> vocabulary = vocabulary(random, 5000);
        String command = "./switchboard benchmark retrieval --chunks " + chunks + " --queries " + queries
                + " --embed-chunks " + embedChunks + " --stores " + String.join(",", stores);
        report.append("# Retrieval benchmark\n\n")
                .append("Date: ").append(LocalDate.now(clock)).append("  \n")
                .append("Command: `").append(command).append("`  \n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.arch")).append(", Java ").append(Runtime.version()).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20).append(" MB; load average at start ")
                .append(String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" (the machine is shared: other processes run beside the benchmark)\n\n");

        if (embedChunks > 0) {
            embeddingThroughput(random, vocabulary);
        }

        report.append("\n## Search latency at ").append(String.format(Locale.ROOT, "%,d", chunks)).append(" chunks\n\n")
                .append("Synthetic chunks of 40–120 words, 384-dimensional vectors, 10 chunks per document; ")
                .append(queries).append(" timed queries of 3–8 words per mode after 50 warm-up queries, one at a time, ")
                .append("top 10, no filter; hybrid fuses 50 candidates of each side. Query embedding is not included ")
                .append(embedChunks > 0 ? "(see above).\n\n" : "(not measured in this run).\n\n")
                .append("| store | load (chunks/s) | keyword p50 / p99 ms | vector p50 / p99 ms | hybrid p50 / p99 ms |\n")
                .append("|---|---|---|---|---|\n");
        for (String name : stores) {
            runStore(name.strip(), new SplittableRandom(7), vocabulary);
        }
        Path file = out != null ? out : Path.of("bench", "results", LocalDate.now(clock) + "-retrieval.md");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.print(report);
        System.err.println("written to " + file);
        return 0;
    }

    /** Chunks per second each in-process model embeds, and its latency for one query. */
    private void embeddingThroughput(SplittableRandom random, List<String> vocabulary) {
        report.append("## Embedding throughput\n\n")
                .append("Synthetic passages of 140 made-up words (about 500 model tokens: WordPiece splits unknown words), embedded in one call per model (batches of 16 in"
                        + " parallel on every core); the model loaded and warmed up first.\n\n")
                .append("| model | chunks | seconds | chunks/s | one query, p50 ms |\n|---|---|---|---|---|\n");
        List<String> passages = new ArrayList<>();
        for (int i = 0; i < embedChunks; i++) {
            passages.add(text(random, vocabulary, 140));
        }
        for (LocalModel model : LocalModel.values()) {
            Embedder embedder = EmbeddingModels.shared().get(model);
            embedder.passages(passages.subList(0, Math.min(32, passages.size()))); // load and warm up
            long start = ticker.read();
            embedder.passages(passages);
            double seconds = (ticker.read() - start) / 1e9;
            long[] queryNanos = new long[30];
            for (int i = 0; i < queryNanos.length; i++) {
                long t = ticker.read();
                embedder.query(text(random, vocabulary, 12));
                queryNanos[i] = ticker.read() - t;
            }
            report.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", model.modelName(), embedChunks,
                    seconds, embedChunks / seconds, percentile(queryNanos, 50) / 1e6));
            System.err.println("embedded " + embedChunks + " chunks with " + model.modelName() + " in "
                    + String.format(Locale.ROOT, "%.1f s", seconds));
        }

    }

    private void runStore(String name, SplittableRandom random, List<String> vocabulary) throws Exception {
        Path dir = null;
        String schema = "sb_bench_retrieval";
        ChunkStore store;
        if (name.equals("lucene")) {
            dir = Files.createTempDirectory("switchboard-bench-retrieval");
            store = new LuceneStore(dir);
        } else if (name.equals("pgvector") || name.equals("halfvec")) {
            try (Connection c = DriverManager.getConnection(pgUrl, pgUser, null); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public");
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
            }
            store = new PgVectorStore(pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public",
                    pgUser, null, name.equals("halfvec"), 4);
        } else {
            throw new IllegalArgumentException("unknown store " + name + "; lucene, pgvector or halfvec");
        }
        HashingEmbedder vectors = new HashingEmbedder("bench/hashing-384", 384);
        try (store) {
            store.create(new CollectionInfo("bench", vectors.model(), 384));
            long start = ticker.read();
            int perDocument = 10;
            for (int d = 0; d * perDocument < chunks; d++) {
                List<IndexedChunk> batch = new ArrayList<>(perDocument);
                List<String> texts = new ArrayList<>();
                for (int p = 0; p < perDocument && d * perDocument + p < chunks; p++) {
                    texts.add(text(random, vocabulary, 40 + random.nextInt(81)));
                }
                List<float[]> embedded = vectors.passages(texts);
                for (int p = 0; p < texts.size(); p++) {
                    batch.add(new IndexedChunk(new Chunk("doc" + d, p, List.of(), texts.get(p), Map.of()), "Document " + d,
                            "hash", embedded.get(p)));
                }
                store.replace("bench", "doc" + d, batch);
                if (d % 1000 == 999) {
                    System.err.println(name + ": " + (d + 1) * perDocument + " chunks loaded");
                }
            }
            store.commit();
            store.count("bench"); // opens a searcher on everything
            double loadSeconds = (ticker.read() - start) / 1e9;
            HybridRetriever retriever = new HybridRetriever(store, 60, 50);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.0f |", name, chunks / loadSeconds));
            for (SearchMode mode : List.of(SearchMode.KEYWORD, SearchMode.VECTOR, SearchMode.HYBRID)) {
                long[] nanos = new long[queries];
                for (int i = -50; i < queries; i++) {
                    String query = text(random, vocabulary, 3 + random.nextInt(6));
                    long t = ticker.read();
                    retriever.search("bench", vectors, query, mode, Filter.NONE, 10);
                    if (i >= 0) {
                        nanos[i] = ticker.read() - t;
                    }
                }
                row.append(String.format(Locale.ROOT, " %.2f / %.2f |", percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6));
            }
            report.append(row).append('\n');
            System.err.println(row);
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            } else {
                try (Connection c = DriverManager.getConnection(pgUrl, pgUser, null); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("could not drop schema " + schema + ": " + e.getMessage());
                }
            }
        }
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Made-up words, 3–10 letters. */
    private static List<String> vocabulary(SplittableRandom random, int size) {
        List<String> words = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            StringBuilder word = new StringBuilder();
            int length = 3 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words.add(word.toString());
        }
        return words;
    }

    /** {@code words} words drawn Zipf-like (rank r with probability ~ 1/r). */
    private static String text(SplittableRandom random, List<String> vocabulary, int words) {
        StringBuilder text = new StringBuilder();
        double harmonic = Math.log(vocabulary.size()) + 0.5772;
        for (int i = 0; i < words; i++) {
            int rank = (int) Math.min(vocabulary.size() - 1, Math.floor(Math.exp(random.nextDouble() * harmonic - 0.5772)));
            if (!text.isEmpty()) {
                text.append(i % 15 == 14 ? ". " : " ");
            }
            text.append(vocabulary.get(Math.max(0, rank)));
        }
        return text.append('.').toString();
    }
}
