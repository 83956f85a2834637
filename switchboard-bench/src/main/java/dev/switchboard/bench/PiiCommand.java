package dev.switchboard.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pii}: single-thread throughput of the PII analyzer the server runs
 * ({@code PiiRecognizers.defaults()}), in MB/s and texts/s over chat-like messages with some personal
 * data in them. The analyzer is loaded from the server's fat jar in its own class loader, so the
 * bench jar shares no code with what it measures and a new recognizer set is picked up by
 * rebuilding the server jar.
 */
@Command(name = "pii", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Single-thread PII analyzer throughput (MB/s, texts/s) over ~1 KB chat messages with some PII,"
                + " with the server's default recognizers.")
final class PiiCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Measured time of each round (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Unmeasured analysis before the first round, for the JIT (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Measured rounds; the spread between them shows the noise (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--texts", paramLabel = "N", defaultValue = "1000",
            description = "Distinct messages, analyzed in turn (default ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--message-bytes", paramLabel = "N", defaultValue = "1000",
            description = "Least UTF-8 size of a message; each is at most a sentence longer (default ${DEFAULT-VALUE}).")
    int messageBytes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the message generator (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--switchboard-jar", paramLabel = "JAR",
            description = "The server's fat jar. Default: switchboard-server/target/switchboard.jar in the repository.")
    Path switchboardJar;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Where the Markdown result file goes. Default: bench/results in the repository.")
    Path resultsDir;

    @Option(names = "--no-results-file", description = "Print results only; write no file.")
    boolean noResultsFile;

    /** The server's analyzer, called through method handles. */
    private record LoadedAnalyzer(Object analyzer, Object options, MethodHandle analyze, int recognizers,
            Collection<?> entities) {
        List<?> analyze(String text) {
            try {
                return (List<?>) analyze.invoke(analyzer, text, options);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || texts < 1 || messageBytes < 1 || duration.isZero()) {
            System.err.println("pii: --rounds, --texts, --message-bytes and --duration must be positive");
            return 2;
        }
        Path jar = switchboardJar != null ? switchboardJar
                : BenchOptions.repositoryRoot().resolve("switchboard-server/target/switchboard.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("pii: server jar not found: " + jar + " (build it with ./mvnw -B -q -DskipTests package)");
            return 2;
        }
        Instant started = Instant.now();
        Report report = BenchRun.newReport("pii", "PII analyzer throughput, one thread", started);
        List<String> messages = new PiiMessages(seed).messages(texts, messageBytes);
        long corpusBytes = messages.stream().mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length).sum();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            LoadedAnalyzer analyzer = load(loader);
            Map<String, String> setup = new LinkedHashMap<>();
            setup.put("switchboard jar", jar + " (built " + Files.getLastModifiedTime(jar) + ")");
            setup.put("source", SourceVersion.describe(BenchOptions.repositoryRoot()));
            setup.put("recognizers", analyzer.recognizers() + " from `PiiRecognizers.defaults()`, entity types: "
                    + String.join(", ", analyzer.entities().stream().map(String::valueOf).sorted().toList()));
            setup.put("analysis options", "`AnalysisOptions.DEFAULT` (all entity types, threshold 0.4)");
            setup.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", flags "
                    + ManagementFactory.getRuntimeMXBean().getInputArguments());
            report.headerSection("Setup", setup);
            report.headerSection("Parameters", Map.of(
                    "messages", texts + " chat-like messages from seed " + seed + ", mean "
                            + Report.number((double) corpusBytes / texts, 0) + " UTF-8 bytes, analyzed in turn",
                    "phases", DurationConverter.format(warmup) + " warm-up (not recorded), then " + rounds + " rounds of "
                            + DurationConverter.format(duration) + ", on one thread"));

            Map<String, Integer> found = new TreeMap<>();
            for (String m : messages) {
                for (Object finding : analyzer.analyze(m)) {
                    found.merge(type(finding), 1, Integer::sum);
                }
            }
            System.err.println("pii: warming up for " + DurationConverter.format(warmup));
            run(analyzer, messages, warmup);
            List<Round> results = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Round round = run(analyzer, messages, duration);
                System.err.printf(java.util.Locale.ROOT, "pii: round %d: %.2f MB/s, %.0f texts/s, p99 %.3f ms%n", r,
                        round.megabytesPerSecond(), round.textsPerSecond(),
                        round.latency().getValueAtPercentile(99) / 1e6);
                results.add(round);
            }
            writeResults(report, results, found, messages.size());
        }
        BenchRun.finish(report, noResultsFile, resultsDir != null ? resultsDir : BenchOptions.repositoryRoot().resolve("bench/results"));
        return 0;
    }

    private static LoadedAnalyzer load(ClassLoader loader) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> recognizers = Class.forName("dev.switchboard.server.privacy.PiiRecognizers", true, loader);
        Class<?> analyzerClass = Class.forName("dev.switchboard.guard.pii.Analyzer", true, loader);
        Class<?> optionsClass = Class.forName("dev.switchboard.guard.pii.AnalysisOptions", true, loader);
        List<?> defaults = (List<?>) recognizers.getMethod("defaults").invoke(null);
        Object analyzer = analyzerClass.getConstructor(List.class).newInstance(defaults);
        Object options = optionsClass.getField("DEFAULT").get(null);
        MethodHandle analyze = lookup.findVirtual(analyzerClass, "analyze", MethodType.methodType(List.class, String.class,
                optionsClass)).asType(MethodType.methodType(List.class, Object.class, String.class, Object.class));
        Collection<?> entities = (Collection<?>) analyzerClass.getMethod("entities").invoke(analyzer);
        return new LoadedAnalyzer(analyzer, options, analyze, defaults.size(), entities);
    }

    private static String type(Object finding) throws ReflectiveOperationException {
        return String.valueOf(finding.getClass().getMethod("type").invoke(finding));
    }

    /** One measured round: texts and bytes analyzed, wall and CPU time of the thread, latency per text (ns). */
    private record Round(long texts, long bytes, long wallNanos, long cpuNanos, Histogram latency) {
        double megabytesPerSecond() {
            return bytes / 1e6 / (wallNanos / 1e9);
        }

        double textsPerSecond() {
            return texts / (wallNanos / 1e9);
        }
    }

    private static Round run(LoadedAnalyzer analyzer, List<String> messages, Duration length) {
        long[] sizes = messages.stream().mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length).toArray();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long count = 0;
        long bytes = 0;
        int sink = 0;
        long now = start;
        for (int i = 0; now < end; i = (i + 1) % messages.size()) {
            sink += analyzer.analyze(messages.get(i)).size();
            long after = System.nanoTime();
            latency.recordValue(after - now);
            now = after;
            count++;
            bytes += sizes[i];
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        if (sink == 42) {
            System.err.print(""); // keeps the results alive for the JIT
        }
        return new Round(count, bytes, now - start, cpu, latency);
    }

    private static void writeResults(Report report, List<Round> rounds, Map<String, Integer> found, int texts) {
        report.heading("Results");
        MarkdownTable table = new MarkdownTable("round", ">texts", ">MB", ">MB/s", ">texts/s", ">per text p50 ms",
                ">p99 ms", ">max ms", ">thread CPU / wall");
        List<Double> mbs = new ArrayList<>();
        List<Double> tps = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            mbs.add(r.megabytesPerSecond());
            tps.add(r.textsPerSecond());
            table.row(i + 1, r.texts(), Report.number(r.bytes() / 1e6, 1), Report.number(r.megabytesPerSecond(), 2),
                    Report.number(r.textsPerSecond(), 0), ms(r.latency().getValueAtPercentile(50)),
                    ms(r.latency().getValueAtPercentile(99)), ms(r.latency().getMaxValue()),
                    Report.number((double) r.cpuNanos() / r.wallNanos(), 2));
        }
        report.table(table);
        report.paragraph("**Median of the rounds: " + Report.number(median(mbs), 2) + " MB/s, "
                + Report.number(median(tps), 0) + " texts/s** on one thread. MB = 10^6 bytes of UTF-8 input. "
                + "\"thread CPU / wall\" below 1 means the thread waited for a core (other work on the machine): "
                + "the rate per CPU-second is then higher than the rate shown.");
        List<String> perType = new ArrayList<>();
        int total = found.values().stream().mapToInt(Integer::intValue).sum();
        found.forEach((type, n) -> perType.add(type + ": " + n));
        report.subheading("Findings in the " + texts + " messages (one pass)");
        report.paragraph(total + " findings, " + Report.number((double) total / texts, 2) + " per message: "
                + String.join(", ", perType) + ".");
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
