package dev.switchboard.server.cli;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.RetrievalSettings;
import dev.switchboard.retrieval.TextRedactor;
import dev.switchboard.retrieval.embed.EmbeddingModels;
import dev.switchboard.retrieval.eval.BeirDataset;
import dev.switchboard.retrieval.eval.RankingMetrics;
import dev.switchboard.retrieval.ingest.Ingestor;
import dev.switchboard.retrieval.search.SearchMode;
import dev.switchboard.retrieval.store.ChunkStore;
import dev.switchboard.retrieval.store.Hit;
import dev.switchboard.retrieval.store.LuceneStore;
import dev.switchboard.retrieval.store.PgVectorStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard evaluate retrieval --data DIR}: indexes a BEIR-layout test set into a
 * temporary collection (Lucene in a temporary folder, or {@code --store pgvector} in a schema of its
 * own) with an in-process model, runs every judged query in each mode and
 * reports mean nDCG@k and recall@k — the numbers of {@code docs/retrieval-evaluation.md}.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "nDCG@k and recall@k of keyword, vector and hybrid search on a BEIR-layout test set"
                + " (corpus.jsonl, queries.jsonl, qrels/test.tsv).")
final class RetrievalEvaluationCommand implements Callable<Integer> {

    private static final String PG_SCHEMA = "sb_eval_retrieval";

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The test set folder.")
    Path data;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = "local/bge-small-en-v1.5",
            description = "Embedding model (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--modes", split = ",", paramLabel = "MODE[,MODE...]", defaultValue = "keyword,vector,hybrid",
            description = "Modes to evaluate (default ${DEFAULT-VALUE}).")
    List<String> modes;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "Cut-off of the metrics (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--report", paramLabel = "FILE", description = "Also append a Markdown section to FILE.")
    Path report;

    @Option(names = "--store", paramLabel = "STORE", defaultValue = "lucene",
            description = "Where the test set is indexed: lucene (a temporary folder) or pgvector (default ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
            description = "PostgreSQL with pgvector for --store pgvector; a schema sb_eval_retrieval is created and dropped"
                    + " (default ${DEFAULT-VALUE}).")
    String pgUrl;

    @Option(names = "--pg-user", defaultValue = "postgres", description = "PostgreSQL user (default ${DEFAULT-VALUE}).")
    String pgUser;

    @Option(names = "--pg-keyword-candidates", paramLabel = "N", hidden = true,
            description = "Experiment: chunks pgvector keyword search ranks at most (default: the store's).")
    Integer pgKeywordCandidates;

    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;
    private final Clock clock;

    RetrievalEvaluationCommand() {
        this(System.out, System.err, Ticker.system(), Clock.systemUTC());
    }

    RetrievalEvaluationCommand(PrintStream out, PrintStream err, Ticker ticker, Clock clock) {
        this.out = out;
        this.err = err;
        this.ticker = ticker;
        this.clock = clock;
    }

    /** Mean metrics of one mode. */
    record Result(SearchMode mode, double ndcg, double recall, double queriesPerSecond) {
    }

    @Override
    public Integer call() throws IOException {
        List<SearchMode> searchModes = new ArrayList<>();
        for (String name : modes) {
            SearchMode mode = SearchMode.parse(name.strip().toLowerCase(Locale.ROOT)).orElse(null);
            if (mode == null || mode == SearchMode.EXACT) {
                err.println("switchboard: --modes takes keyword, vector and hybrid; was " + name);
                return 2;
            }
            searchModes.add(mode);
        }
        if (EmbeddingModels.shared().find(model).isEmpty()) {
            err.println("switchboard: --model must be an in-process model (local/bge-small-en-v1.5,"
                    + " local/all-minilm-l6-v2); was " + model);
            return 2;
        }
        BeirDataset dataset;
        try {
            dataset = BeirDataset.load(data);
        } catch (IOException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        }
        if (!store.equals("lucene") && !store.equals("pgvector")) {
            err.println("switchboard: --store takes lucene or pgvector; was " + store);
            return 2;
        }
        Path index = Files.createTempDirectory("switchboard-eval");
        ChunkStore chunks;
        try {
            chunks = store.equals("lucene") ? new LuceneStore(index) : pgvector();
        } catch (RuntimeException | SQLException e) {
            err.println("switchboard: cannot open the " + store + " store: " + e.getMessage());
            Files.deleteIfExists(index);
            return 2;
        }
        try (Retrieval retrieval = new Retrieval(chunks, EmbeddingModels.shared()::find,
                RetrievalSettings.defaults(model), TextRedactor.NONE)) {
            retrieval.create("eval", model);
            IngestProgress progress = new IngestProgress(err, ticker);
            long ingestStart = ticker.read();
            Ingestor.Report ingested = new Ingestor(retrieval, Long.MAX_VALUE, 64, progress)
                    .ingest("eval", List.of(dataset.corpus()));
            double ingestSeconds = (ticker.read() - ingestStart) / 1e9;
            progress.finish(ingested.unchanged(), ingested.failed());
            List<Result> results = new ArrayList<>();
            for (SearchMode mode : searchModes) {
                results.add(evaluate(retrieval, dataset, mode));
            }
            String table = table(results);
            out.println("Retrieval on " + data + " (" + dataset.queries().size() + " judged queries, "
                    + ingested.documents() + " documents, " + ingested.chunks() + " chunks), model " + model + ", store "
                    + store + ":");
            out.println();
            out.print(table);
            if (report != null) {
                appendReport(dataset, ingested, ingestSeconds, table);
                err.println("report appended to " + report);
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(index)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
            if (store.equals("pgvector")) {
                try (Connection c = DriverManager.getConnection(pgUrl, pgUser, null); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
                } catch (SQLException e) {
                    err.println("switchboard: could not drop schema " + PG_SCHEMA + ": " + e.getMessage());
                }
            }
        }
    }

    /** A pgvector store in a fresh schema of its own. */
    private PgVectorStore pgvector() throws SQLException {
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser, null); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public");
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + PG_SCHEMA);
        }
        String url = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + PG_SCHEMA + ",public";
        return pgKeywordCandidates == null ? new PgVectorStore(url, pgUser, null, false, 4)
                : new PgVectorStore(url, pgUser, null, false, 4, pgKeywordCandidates, dev.switchboard.core.time.Ticker.system());
    }

    private Result evaluate(Retrieval retrieval, BeirDataset dataset, SearchMode mode) {
        List<String> ids = List.copyOf(dataset.queries().keySet());
        long start = ticker.read();
        List<List<String>> runs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> retrieval.searchDocuments("eval",
                                Retrieval.Query.of(dataset.queries().get(id), mode, k)).stream()
                        .map((Hit h) -> h.chunk().documentId()).toList()));
            }
            for (Future<List<String>> future : futures) {
                runs.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a query failed: " + e.getCause().getMessage(), e.getCause());
        }
        double seconds = Math.max(1e-9, (ticker.read() - start) / 1e9);
        double ndcg = 0;
        double recall = 0;
        for (int i = 0; i < ids.size(); i++) {
            ndcg += RankingMetrics.ndcg(runs.get(i), dataset.judgements().get(ids.get(i)), k);
            recall += RankingMetrics.recall(runs.get(i), dataset.judgements().get(ids.get(i)), k);
        }
        return new Result(mode, ndcg / ids.size(), recall / ids.size(), ids.size() / seconds);
    }

    private String table(List<Result> results) {
        StringBuilder table = new StringBuilder();
        table.append("| mode | nDCG@").append(k).append(" | recall@").append(k).append(" | queries/s |\n");
        table.append("|---|---|---|---|\n");
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.1f |%n", r.mode().wireName(), r.ndcg(),
                    r.recall(), r.queriesPerSecond()));
        }
        return table.toString();
    }

    private void appendReport(BeirDataset dataset, Ingestor.Report ingested, double ingestSeconds, String table)
            throws IOException {
        String section = "\n## " + data.getFileName() + " — " + model + "\n\n"
                + "Command: `./switchboard evaluate retrieval --data " + data + " --model " + model + " --k " + k
                + (store.equals("lucene") ? "" : " --store " + store) + "`  \n"
                + "Date: " + LocalDate.now(clock) + "; machine: " + Runtime.getRuntime().availableProcessors()
                + " cores, Java " + Runtime.version().feature() + "  \n"
                + String.format(Locale.ROOT, "Corpus: %,d documents, %,d chunks, ingested in %.1f s (%.1f chunks/s,"
                + " embedding included); %d judged queries.%n%n", ingested.documents(), ingested.chunks(), ingestSeconds,
                ingested.chunks() / Math.max(1e-9, ingestSeconds), dataset.queries().size())
                + table;
        Files.writeString(report, section, java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
