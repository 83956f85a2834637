package dev.switchboard.server.cli;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.guard.classify.eval.BinaryMetrics;
import dev.switchboard.guard.classify.eval.HeldOut;
import dev.switchboard.guard.classify.eval.ModerationData;
import dev.switchboard.guard.moderation.ModerationCategory;
import dev.switchboard.guard.moderation.ModerationClassifier;
import dev.switchboard.guard.moderation.ModerationScores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard evaluate moderation}: scores the held-out split of the moderation data
 * ({@link ModerationData}: OpenAI moderation, Surge toxicity, HateCheck, optionally written
 * examples) with the shipped model, and reports per category the labelled texts, positives,
 * precision, recall and F1 at a threshold, and AUC. Unknown labels are left out per category.
 */
@Command(name = "moderation", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per-category precision, recall and F1 of the content-safety guard on the held-out split of"
                + " the moderation data (folder with openai-moderation-train.jsonl, surge-toxicity.csv, hatecheck.csv).")
final class ModerationEvaluationCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The moderation data folder.")
    Path data;

    @Option(names = "--written", paramLabel = "FILE",
            description = "Also the held-out part of written examples (TSV categories<TAB>text).")
    Path written;

    @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "SCORE",
            description = "A category is flagged at or above this score (default ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a Markdown report to FILE.")
    Path report;

    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;
    private final Clock clock;
    private final Supplier<String> sourceVersion;

    ModerationEvaluationCommand() {
        this(System.out, System.err, Ticker.system(), Clock.systemUTC(), () -> SourceVersion.describe(Path.of("")));
    }

    ModerationEvaluationCommand(PrintStream out, PrintStream err, Ticker ticker, Clock clock, Supplier<String> sourceVersion) {
        this.out = out;
        this.err = err;
        this.ticker = ticker;
        this.clock = clock;
        this.sourceVersion = sourceVersion;
    }

    @Override
    public Integer call() {
        if (!(threshold >= 0 && threshold <= 1)) {
            err.println("switchboard: --threshold must be between 0 and 1");
            return 2;
        }
        List<ModerationData.Sample> samples = new ArrayList<>();
        try {
            List<ModerationData.Sample> all = new ArrayList<>(ModerationData.read(data));
            if (written != null) {
                all.addAll(ModerationData.written(Files.readString(written, StandardCharsets.UTF_8), "written"));
            }
            all.stream().filter(s -> HeldOut.contains(s.key())).forEach(samples::add);
        } catch (IOException | RuntimeException e) {
            err.println("switchboard: the data set cannot be used: " + e.getMessage());
            return 2;
        }
        ModerationClassifier classifier = ModerationClassifier.shipped();
        List<ModerationScores> scores = new ArrayList<>(samples.size());
        long[] nanos = new long[samples.size()];
        for (int i = 0; i < Math.min(200, samples.size()); i++) { // untimed: model loading and JIT out of the latency
            classifier.score(samples.get(i).text());
        }
        long lastReport = ticker.read();
        for (int i = 0; i < samples.size(); i++) {
            long start = ticker.read();
            scores.add(classifier.score(samples.get(i).text()));
            nanos[i] = ticker.read() - start;
            if (start - lastReport >= 1_000_000_000L) {
                lastReport = start;
                err.printf(Locale.ROOT, "evaluate moderation: %d/%d texts%n", i + 1, samples.size());
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| category | labelled | positives | precision | recall | F1 | AUC |%n|---|---|---|---|---|---|---|%n"));
        for (ModerationCategory category : ModerationCategory.all()) {
            List<Double> s = new ArrayList<>();
            List<Boolean> t = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                float label = samples.get(i).labels()[category.ordinal()];
                if (!Float.isNaN(label)) {
                    s.add(scores.get(i).score(category));
                    t.add(label == 1);
                }
            }
            BinaryMetrics metrics = BinaryMetrics.of(s, t);
            if (metrics.positives() == 0) {
                table.append(String.format(Locale.ROOT, "| %s | %d | 0 | – | – | – | – |%n", category.wireName(), t.size()));
                continue;
            }
            BinaryMetrics.AtThreshold at = metrics.at(threshold);
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %s |%n", category.wireName(),
                    t.size(), metrics.positives(), at.precision(), at.recall(), at.f1(),
                    metrics.negatives() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", metrics.auc())));
        }
        table.append(String.format(Locale.ROOT, "%nHeld-out texts: %d. Latency per text (one thread): %s.%n",
                samples.size(), InjectionEvaluationCommand.percentiles(nanos)));
        out.print(table);
        if (report != null) {
            String markdown = "# Content-safety guard: evaluation\n\n"
                    + "Generated by `./switchboard evaluate moderation --data " + data
                    + (written != null ? " --written " + written : "") + " --report " + report + "` on "
                    + clock.instant() + ", source " + sourceVersion.get() + ", Java " + Runtime.version() + ".\n\n"
                    + "Held-out split only (one in " + HeldOut.ONE_IN + " texts, by text or HateCheck template; never"
                    + " trained on). A category is flagged at score ≥ " + threshold + ". Unknown labels are left out"
                    + " per category, so each row has its own count.\n\n" + table;
            try {
                Files.writeString(report, markdown);
            } catch (IOException e) {
                err.println("switchboard: cannot write the report to " + report + ": " + e.getMessage());
                return 1;
            }
            err.println("evaluate moderation: report written to " + report);
        }
        return 0;
    }
}
