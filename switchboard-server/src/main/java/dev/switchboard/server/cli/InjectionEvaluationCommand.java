package dev.switchboard.server.cli;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.guard.classify.eval.BinaryMetrics;
import dev.switchboard.guard.classify.eval.HeldOut;
import dev.switchboard.guard.classify.eval.InjectionData;
import dev.switchboard.guard.injection.InjectionDetector;
import dev.switchboard.guard.moderation.ModerationClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard evaluate injection}: scores labelled texts with the shipped injection model and
 * reports AUC, the true-positive rate at 1% and 5% false positives, precision and recall at a
 * threshold, the latency per message, and the latency of the input guards on a 2 KB prompt.
 * By default only the held-out split ({@link HeldOut}) of the data is scored: the rest was trained on.
 */
@Command(name = "injection", mixinStandardHelpOptions = true, sortOptions = false,
        description = "AUC and recall at 1% false positives of the prompt-injection guard on labelled texts"
                + " (CSV with text,label columns, or TSV label<TAB>text).")
final class InjectionEvaluationCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled texts (.csv or .tsv).")
    Path data;

    @Option(names = "--split", defaultValue = "heldout", paramLabel = "heldout|all",
            description = "Score the held-out split (default) or every text (for data never trained on).")
    String split;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "SCORE",
            description = "Threshold for precision and recall (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--latency-runs", defaultValue = "2000", paramLabel = "N",
            description = "Timed runs of the 2 KB prompt (default ${DEFAULT-VALUE}; 0 to skip).")
    int latencyRuns;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a Markdown report to FILE.")
    Path report;

    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;
    private final Clock clock;
    private final Supplier<String> sourceVersion;

    InjectionEvaluationCommand() {
        this(System.out, System.err, Ticker.system(), Clock.systemUTC(), () -> SourceVersion.describe(Path.of("")));
    }

    InjectionEvaluationCommand(PrintStream out, PrintStream err, Ticker ticker, Clock clock, Supplier<String> sourceVersion) {
        this.out = out;
        this.err = err;
        this.ticker = ticker;
        this.clock = clock;
        this.sourceVersion = sourceVersion;
    }

    @Override
    public Integer call() {
        if (!split.equals("heldout") && !split.equals("all") || !(threshold >= 0 && threshold <= 1) || latencyRuns < 0) {
            err.println("switchboard: --split is heldout or all, --threshold 0 to 1, --latency-runs at least 0");
            return 2;
        }
        List<InjectionData.Sample> samples;
        try {
            samples = InjectionData.read(data).stream()
                    .filter(s -> split.equals("all") || HeldOut.contains(s.text())).toList();
        } catch (IOException | RuntimeException e) {
            err.println("switchboard: the data set cannot be used: " + e.getMessage());
            return 2;
        }
        InjectionDetector detector = InjectionDetector.shipped();
        List<Double> scores = new ArrayList<>();
        List<Boolean> truth = new ArrayList<>();
        long[] nanos = new long[samples.size()];
        for (InjectionData.Sample sample : samples) { // once untimed: model loading and JIT out of the latency
            detector.score(sample.text());
        }
        for (int i = 0; i < samples.size(); i++) {
            long start = ticker.read();
            scores.add(detector.score(samples.get(i).text()).score());
            nanos[i] = ticker.read() - start;
            truth.add(samples.get(i).injection());
        }
        BinaryMetrics metrics = BinaryMetrics.of(scores, truth);
        if (metrics.positives() == 0 || metrics.negatives() == 0) {
            err.println("switchboard: the " + split + " texts need both injections and ordinary texts; they have "
                    + metrics.positives() + " and " + metrics.negatives());
            return 2;
        }
        BinaryMetrics.AtThreshold at1 = metrics.thresholdAtFpr(0.01);
        BinaryMetrics.AtThreshold at5 = metrics.thresholdAtFpr(0.05);
        BinaryMetrics.AtThreshold at = metrics.at(threshold);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "| texts (%s) | injections | ordinary |%n|---|---|---|%n| %d | %d | %d |%n%n",
                split, samples.size(), metrics.positives(), metrics.negatives()));
        table.append("| metric | value |\n|---|---|\n");
        table.append(String.format(Locale.ROOT, "| AUC | %.3f |%n", metrics.auc()));
        table.append(String.format(Locale.ROOT, "| TPR at 1%% FPR | %.3f (threshold %.3f, %d false positives) |%n",
                at1.recall(), at1.threshold(), at1.falsePositives()));
        table.append(String.format(Locale.ROOT, "| TPR at 5%% FPR | %.3f (threshold %.3f, %d false positives) |%n",
                at5.recall(), at5.threshold(), at5.falsePositives()));
        table.append(String.format(Locale.ROOT, "| at threshold %.2f | precision %.3f, recall %.3f, F1 %.3f, FPR %.3f |%n",
                threshold, at.precision(), at.recall(), at.f1(), at.falsePositiveRate()));
        table.append(String.format(Locale.ROOT, "| latency per message (these texts, one thread) | %s |%n", percentiles(nanos)));
        if (latencyRuns > 0) {
            table.append(String.format(Locale.ROOT, "| injection + moderation on a 2 KB prompt (one thread) | %s |%n",
                    percentiles(twoKilobytePrompt(samples, detector))));
        }
        out.print(table);
        if (report != null) {
            String markdown = "# Prompt-injection guard: evaluation\n\n"
                    + "Generated by `" + commandLine() + "` on " + clock.instant() + ", source " + sourceVersion.get()
                    + ", Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs.\n\n"
                    + "Data: `" + data.getFileName() + "`. Scores: the shipped model (rules + classifier), a text is"
                    + " an injection at or above the threshold.\n\n" + table;
            try {
                Files.writeString(report, markdown);
            } catch (IOException e) {
                err.println("switchboard: cannot write the report to " + report + ": " + e.getMessage());
                return 1;
            }
            err.println("evaluate injection: report written to " + report);
        }
        return 0;
    }

    /** Times the input guards (injection and moderation) on a 2,048-char prompt made of the data's texts. */
    private long[] twoKilobytePrompt(List<InjectionData.Sample> samples, InjectionDetector detector) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; prompt.length() < 2048; i = (i + 1) % samples.size()) {
            if (!samples.get(i).injection()) {
                prompt.append(samples.get(i).text()).append(' ');
            }
        }
        String text = prompt.substring(0, 2048);
        ModerationClassifier moderation = ModerationClassifier.shipped();
        for (int i = 0; i < Math.min(500, latencyRuns); i++) { // warm up the JIT
            detector.score(text);
            moderation.score(text);
        }
        long[] nanos = new long[latencyRuns];
        for (int i = 0; i < latencyRuns; i++) {
            long start = ticker.read();
            detector.score(text);
            moderation.score(text);
            nanos[i] = ticker.read() - start;
        }
        return nanos;
    }

    static String percentiles(long[] nanos) {
        if (nanos.length == 0) {
            return "no texts";
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        return String.format(Locale.ROOT, "mean %.3f ms, p50 %.3f ms, p99 %.3f ms (n=%d)", mean / 1e6,
                sorted[sorted.length / 2] / 1e6, sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
                sorted.length);
    }

    private String commandLine() {
        return "./switchboard evaluate injection --data " + data + (split.equals("all") ? " --split all" : "")
                + (report != null ? " --report " + report : "");
    }
}
