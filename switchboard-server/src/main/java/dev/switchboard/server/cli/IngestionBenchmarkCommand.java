package dev.switchboard.server.cli;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.RetrievalSettings;
import dev.switchboard.retrieval.TextRedactor;
import dev.switchboard.retrieval.embed.Embedder;
import dev.switchboard.retrieval.embed.HashingEmbedder;
import dev.switchboard.retrieval.ingest.IngestListener;
import dev.switchboard.retrieval.ingest.Ingestor;
import dev.switchboard.retrieval.store.LuceneStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard benchmark ingestion}: does ingestion memory stay bounded as the folder grows?
 * Generates a folder of {@code --size} bytes (seeded, so every run reads the same files): half in
 * Markdown and text files of 1 KB to 256 KB in folders of 500, a few single files of 2–4.5 MB, and
 * one JSON Lines corpus of half the size; plus a sparse 600 MB text file that must be refused
 * unread. Ingests it into a temporary Lucene collection and reports, at every 5% of the bytes, the
 * heap used after a full garbage collection and the anonymous resident memory (so that growth would
 * show), and the throughput. Run it with a small fixed heap
 * ({@code SWITCHBOARD_JAVA_OPTS=-Xmx256m}): the point is that reading, parsing, chunking,
 * batching and writing stream.
 *
 * <p>Vectors come from a 16-dimension hashing embedder that exists only in this benchmark
 * ({@code bench/hashing-16}): embedding a gigabyte with the ONNX model would take days on 2 cores,
 * and a model's memory does not grow with the folder. Writes a Markdown result with machine,
 * command and date.
 */
@Command(name = "ingestion", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Heap and RSS while ingesting a generated folder (writes bench/results/DATE-ingestion-memory.md).")
final class IngestionBenchmarkCommand implements Callable<Integer> {

    private static final String MODEL = "bench/hashing-16";

    @Option(names = "--size-mb", paramLabel = "MB", defaultValue = "1024",
            description = "Megabytes (MiB) of files to generate and ingest (default ${DEFAULT-VALUE}).")
    long sizeMb;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to generate the folder (default: a temporary folder); it is deleted afterwards.")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "Result file (default bench/results/DATE-ingestion-memory.md).")
    Path out;

    private final Ticker ticker = Ticker.system();
    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        long size = sizeMb << 20;
        Path root = dir != null ? Files.createDirectories(dir).resolve("switchboard-ingestion-bench")
                : Files.createTempDirectory("switchboard-ingestion-bench");
        Path corpus = root.resolve("corpus");
        Path index = root.resolve("index");
        String command = "SWITCHBOARD_JAVA_OPTS=" + heapOption() + " ./switchboard benchmark ingestion --size-mb " + sizeMb;
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try {
            long generateStart = ticker.read();
            Generated generated = generate(corpus, size, new SplittableRandom(20261127));
            double generateSeconds = (ticker.read() - generateStart) / 1e9;
            System.err.printf(Locale.ROOT, "generated %,d files, %,d bytes in %.0f s%n", generated.files, generated.bytes,
                    generateSeconds);

            Embedder embedder = new HashingEmbedder(MODEL, 16);
            Progress progress = new Progress(generated.bytes);
            progress.checkpoint(0, 0);
            long start = ticker.read();
            Ingestor.Report report;
            try (Retrieval retrieval = new Retrieval(new LuceneStore(index), model -> Optional.of(embedder),
                    RetrievalSettings.defaults(MODEL), TextRedactor.NONE)) {
                retrieval.create("bench", MODEL);
                report = new Ingestor(retrieval, retrieval.settings().maxFileBytes(), 64, progress)
                        .ingest("bench", List.of(corpus));
            }
            double seconds = (ticker.read() - start) / 1e9;
            progress.checkpoint(generated.bytes, report.chunks());
            String result = report(command, loadAverage, generated, report, seconds, progress);
            Path file = out != null ? out : Path.of("bench", "results", LocalDate.now(clock) + "-ingestion-memory.md");
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, result, StandardCharsets.UTF_8);
            System.out.print(result);
            System.err.println("written to " + file);
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static String heapOption() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> b).orElse("(no -Xmx)");
    }

    private String report(String command, double loadAverage, Generated generated, Ingestor.Report report, double seconds,
                          Progress progress) {
        StringBuilder r = new StringBuilder();
        long maxHeap = Runtime.getRuntime().maxMemory();
        r.append("# Ingestion memory benchmark\n\n")
                .append("Date: ").append(LocalDate.now(clock)).append("  \n")
                .append("Command: `").append(command).append("`  \n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.arch")).append(", Java ").append(Runtime.version()).append(", max heap ")
                .append(maxHeap >> 20).append(" MB (").append(heapOption()).append("), GC ").append(gcNames())
                .append("; load average at start ").append(String.format(Locale.ROOT, "%.1f", loadAverage)).append("\n\n");
        r.append("## What was ingested\n\n")
                .append(String.format(Locale.ROOT, "A generated folder (seeded) of %,d files, %,.0f MB: %,d Markdown and text"
                                + " files of 1 KB to 256 KB in folders of 500 (%,.0f MB), %d single-document Markdown files of 2 to"
                                + " 4.5 MB (%,.0f MB; the largest %,.1f MB, read whole), and one JSON Lines corpus of %,.0f MB"
                                + " (%,d documents of 1 to 20 KB, streamed line by line); beside them a sparse %,.0f MB text file,"
                                + " over `retrieval.max_file_bytes` (%,.0f MB), which must be refused without being read.%n%n",
                        generated.files, generated.bytes / 1e6, generated.smallFiles, generated.smallBytes / 1e6,
                        generated.largeFiles, generated.largeBytes / 1e6, generated.largest / 1e6, generated.jsonlBytes / 1e6,
                        generated.jsonlDocuments, generated.oversize / 1e6, RetrievalSettings.defaults(MODEL).maxFileBytes() / 1e6))
                .append("Into a Lucene collection on local disk with the default chunking (structure-aware, 256 tokens,"
                        + " 32 overlap), batches of 64 documents. Vectors: `" + MODEL + "`, a 16-dimension hashing embedder"
                        + " that exists only in this benchmark (embedding a gigabyte with the ONNX model would take days on"
                        + " 2 cores; a model's memory does not grow with the folder).\n\n")
                .append("Memory is read at every 5% of the bytes: the heap used right after a full garbage collection"
                        + " (`System.gc()`: what is really held), and the process's anonymous resident memory (`RssAnon`:"
                        + " heap, thread stacks, native buffers — not the index files Lucene maps, which are page cache).\n\n");
        long peakLive = progress.checkpoints.stream().mapToLong(c -> c[2]).max().orElse(0);
        long peakAnon = progress.checkpoints.stream().mapToLong(c -> c[3]).max().orElse(0);
        r.append("## Result\n\n")
                .append("| files | documents | chunks | failed / refused | seconds | MB/s | chunks/s |\n|---|---|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d / %,d | %.0f | %.2f | %,.0f |%n%n", report.files(),
                        report.documents(), report.chunks(), report.failed(), progress.problems.size(), seconds,
                        generated.bytes / 1e6 / seconds, report.chunks() / seconds))
                .append("| memory | MB |\n|---|---|\n")
                .append(String.format(Locale.ROOT, "| max heap (-Xmx) | %,d |%n", maxHeap >> 20))
                .append(String.format(Locale.ROOT, "| peak heap after a full GC | %,.0f |%n", peakLive / 1e6))
                .append(String.format(Locale.ROOT, "| peak anonymous resident memory (RssAnon) | %,.0f |%n", peakAnon / 1e6))
                .append(String.format(Locale.ROOT, "| peak resident set size, mapped index files included (VmHWM) | %,.0f |%n%n",
                        rss("VmHWM") / 1e6));
        r.append("| bytes ingested | chunks | heap after full GC, MB | RssAnon, MB |\n|---|---|---|---|\n");
        for (long[] c : progress.checkpoints) {
            r.append(String.format(Locale.ROOT, "| %,.0f MB (%d%%) | %,d | %,.0f | %,.0f |%n", c[0] / 1e6,
                    Math.round(100.0 * c[0] / Math.max(1, generated.bytes)), c[1], c[2] / 1e6, c[3] / 1e6));
        }
        r.append("\nProblems reported:\n\n");
        for (String problem : progress.problems) {
            r.append("- ").append(problem).append('\n');
        }
        return r.toString();
    }

    private static String gcNames() {
        return String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .toList());
    }

    /** A line of /proc/self/status in bytes (Linux), or -1. */
    private static long rss(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Sizes of the generated folder. */
    private static final class Generated {
        long files;
        long bytes;
        long smallFiles;
        long smallBytes;
        int largeFiles;
        long largeBytes;
        long largest;
        long jsonlBytes;
        long jsonlDocuments;
        long oversize;
    }

    private static Generated generate(Path corpus, long size, SplittableRandom random) throws IOException {
        Files.createDirectories(corpus);
        List<String> vocabulary = vocabulary(random, 20_000);
        Generated g = new Generated();
        long small = size * 45 / 100;
        while (g.smallBytes < small) {
            Path folder = corpus.resolve(String.format(Locale.ROOT, "notes-%03d", g.smallFiles / 500));
            Files.createDirectories(folder);
            long bytes = (long) Math.exp(Math.log(1024) + random.nextDouble() * Math.log(256));
            String name = String.format(Locale.ROOT, "note-%06d.%s", g.smallFiles, random.nextBoolean() ? "md" : "txt");
            g.smallBytes += write(folder.resolve(name), bytes, random, vocabulary);
            g.smallFiles++;
        }
        long large = size * 5 / 100;
        long[] sizes = {2L << 20, 3L << 20, 4_500_000}; // under retrieval's 5,000,000 characters per document
        for (int i = 0; g.largeBytes < large; i++) {
            long bytes = Math.min(sizes[i % sizes.length], Math.max(1L << 20, large - g.largeBytes));
            long written = write(corpus.resolve("manual-" + i + ".md"), bytes, random, vocabulary);
            g.largeBytes += written;
            g.largest = Math.max(g.largest, written);
            g.largeFiles++;
        }
        long jsonl = size - g.smallBytes - g.largeBytes;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(corpus.resolve("corpus.jsonl")), 1 << 16)) {
            while (g.jsonlBytes < jsonl) {
                StringBuilder text = new StringBuilder();
                paragraphs(text, 1024 + random.nextInt(19 * 1024), random, vocabulary, false);
                String line = "{\"_id\": \"j" + g.jsonlDocuments + "\", \"title\": \"Record " + g.jsonlDocuments
                        + "\", \"text\": \"" + text.toString().replace("\n", "\\n") + "\"}\n";
                out.write(line);
                g.jsonlBytes += line.length();
                g.jsonlDocuments++;
            }
        }
        g.oversize = 600L << 20;
        try (RandomAccessFile sparse = new RandomAccessFile(corpus.resolve("too-large.txt").toFile(), "rw")) {
            sparse.setLength(g.oversize); // takes no disk: refused by its size, never read
        }
        g.files = g.smallFiles + g.largeFiles + 1;
        g.bytes = g.smallBytes + g.largeBytes + g.jsonlBytes;
        return g;
    }

    /** Writes about {@code bytes} of Markdown (headings, paragraphs of sentences); returns the bytes written. */
    private static long write(Path file, long bytes, SplittableRandom random, List<String> vocabulary) throws IOException {
        long written = 0;
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file), 1 << 16)) {
            StringBuilder block = new StringBuilder();
            boolean markdown = file.toString().endsWith(".md");
            while (written < bytes) {
                block.setLength(0);
                paragraphs(block, (int) Math.min(64 * 1024, bytes - written), random, vocabulary, markdown);
                out.write(block.toString());
                written += block.length();
            }
        }
        return written;
    }

    private static void paragraphs(StringBuilder text, int bytes, SplittableRandom random, List<String> vocabulary,
                                   boolean markdown) {
        int end = text.length() + bytes;
        double harmonic = Math.log(vocabulary.size()) + 0.5772;
        while (text.length() < end) {
            if (markdown && random.nextInt(8) == 0) {
                text.append("#".repeat(1 + random.nextInt(3))).append(' ').append(vocabulary.get(random.nextInt(500)))
                        .append("\n\n");
            }
            int sentences = 1 + random.nextInt(8);
            for (int s = 0; s < sentences && text.length() < end; s++) {
                int words = 5 + random.nextInt(25);
                for (int w = 0; w < words; w++) {
                    int rank = (int) Math.min(vocabulary.size() - 1, Math.floor(Math.exp(random.nextDouble() * harmonic - 0.5772)));
                    String word = vocabulary.get(Math.max(0, rank));
                    text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                            .append(w == words - 1 ? ". " : " ");
                }
            }
            text.append("\n\n");
        }
    }

    private static List<String> vocabulary(SplittableRandom random, int size) {
        List<String> words = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            StringBuilder word = new StringBuilder();
            int length = 2 + random.nextInt(9);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words.add(word.toString());
        }
        return words;
    }

    /** Progress on stderr and a memory checkpoint every 5% of the bytes; problems kept. */
    private static final class Progress implements IngestListener {
        final long total;
        /** bytes done, chunks, heap after a full GC, RssAnon. */
        final List<long[]> checkpoints = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        long lastTwentieth;

        Progress(long total) {
            this.total = total;
        }

        @Override
        public void progress(long bytesDone, long documents, long chunks) {
            long twentieth = bytesDone * 20 / Math.max(1, total);
            if (twentieth > lastTwentieth) {
                lastTwentieth = twentieth;
                checkpoint(bytesDone, chunks);
            }
        }

        void checkpoint(long bytesDone, long chunks) {
            System.gc(); // a full collection: what is left is what ingestion holds
            long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long anon = rss("RssAnon");
            checkpoints.add(new long[] {bytesDone, chunks, live, anon});
            System.err.printf(Locale.ROOT, "%3d%%  %,d chunks  heap after full GC %,.0f MB  RssAnon %,.0f MB%n",
                    Math.round(100.0 * bytesDone / Math.max(1, total)), chunks, live / 1e6, anon / 1e6);
        }

        @Override
        public void problem(String where, String message) {
            String relative = where.replaceAll(".*/corpus/", "");
            problems.add(relative + ": " + message);
            System.err.println("problem: " + relative + ": " + message);
        }
    }
}
