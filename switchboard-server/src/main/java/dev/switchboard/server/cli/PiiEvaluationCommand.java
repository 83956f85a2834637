package dev.switchboard.server.cli;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import dev.switchboard.guard.pii.eval.DatasetLabels;
import dev.switchboard.guard.pii.eval.LabelledTexts;
import dev.switchboard.guard.pii.eval.SpanEvaluation;
import dev.switchboard.server.privacy.PiiRecognizers;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard evaluate pii}: runs the server's recognizers ({@link PiiRecognizers#defaults()})
 * over a labelled data set in presidio-research's JSON format and reports span-level precision,
 * recall and F2 per entity and overall ({@link SpanEvaluation}), optionally as a Markdown report.
 */
@Command(name = "pii", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Span-level precision, recall and F2 of PII detection on labelled texts"
                + " (presidio-research JSON: [{\"full_text\", \"spans\": [{\"entity_type\", \"start_position\","
                + " \"end_position\"}]}]).")
final class PiiEvaluationCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The labelled data set (JSON).")
    Path data;

    @Option(names = "--threshold", paramLabel = "SCORE", defaultValue = "0.4",
            description = "Least score of a finding, 0 to 1 (default ${DEFAULT-VALUE}, the analyzer's default).")
    double threshold;

    @Option(names = "--entities", split = ",", paramLabel = "TYPE[,TYPE...]",
            description = "Evaluate only these entity types, on both sides (default: every type in the data or"
                    + " found). Data set labels are mapped first (GPE is LOCATION, DOMAIN_NAME is URL, ...).")
    List<String> entities;

    @Option(names = "--iou", paramLabel = "RATIO", defaultValue = "0.9",
            description = "Least intersection over union of a match (default ${DEFAULT-VALUE}, presidio-research's).")
    double iou;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a Markdown report to FILE.")
    Path report;

    @Option(names = "--errors", paramLabel = "N", defaultValue = "20",
            description = "Example errors in the report, PII masked (default ${DEFAULT-VALUE}).")
    int errors;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;
    private final Clock clock;
    private final Supplier<String> sourceVersion;
    private final Supplier<List<Recognizer>> recognizers;

    PiiEvaluationCommand() {
        this(System.out, System.err, Ticker.system(), Clock.systemUTC(), () -> SourceVersion.describe(Path.of("")),
                PiiRecognizers::defaults);
    }

    PiiEvaluationCommand(PrintStream out, PrintStream err, Ticker ticker, Clock clock, Supplier<String> sourceVersion,
            Supplier<List<Recognizer>> recognizers) {
        this.out = out;
        this.err = err;
        this.ticker = ticker;
        this.clock = clock;
        this.sourceVersion = sourceVersion;
        this.recognizers = recognizers;
    }

    @Override
    public Integer call() {
        if (!(threshold >= 0 && threshold <= 1) || !(iou > 0 && iou <= 1) || errors < 0) {
            err.println("switchboard: --threshold must be 0 to 1, --iou above 0 and at most 1, --errors at least 0");
            return 2;
        }
        List<LabelledTexts.Sample> samples;
        try {
            samples = LabelledTexts.read(data);
        } catch (LabelledTexts.InvalidDataException e) {
            err.println("switchboard: the data set cannot be used: " + e.getMessage());
            return 2;
        }
        Set<String> wanted = entities == null ? Set.of()
                : Set.copyOf(entities.stream().map(e -> DatasetLabels.canonical(e.strip().toUpperCase(Locale.ROOT))).toList());
        Analyzer analyzer = new Analyzer(recognizers.get());
        AnalysisOptions options = new AnalysisOptions(Set.of(), threshold);
        SpanEvaluation evaluation = new SpanEvaluation(iou);
        Map<String, List<SpanEvaluation.Span>> spansByText = new HashMap<>();
        long start = ticker.read();
        long lastReport = start;
        for (int i = 0; i < samples.size(); i++) {
            LabelledTexts.Sample sample = samples.get(i);
            List<SpanEvaluation.Span> predicted = new ArrayList<>();
            for (Finding finding : analyzer.analyze(sample.text(), options)) {
                predicted.add(new SpanEvaluation.Span(DatasetLabels.canonical(finding.type()), finding.start(), finding.end()));
            }
            evaluation.add(sample.text(), kept(sample.spans(), wanted), kept(predicted, wanted));
            List<SpanEvaluation.Span> known = spansByText.computeIfAbsent(sample.text(), t -> new ArrayList<>());
            known.addAll(sample.spans());
            known.addAll(predicted);
            long now = ticker.read();
            if (now - lastReport >= 1_000_000_000L) {
                lastReport = now;
                err.printf(Locale.ROOT, "evaluate pii: %d/%d texts, %.1f s%n", i + 1, samples.size(), (now - start) / 1e9);
            }
        }
        double seconds = (ticker.read() - start) / 1e9;
        err.printf(Locale.ROOT, "evaluate pii: done, %d texts in %.1f s%n", samples.size(), seconds);

        PiiEvaluationReport result = new PiiEvaluationReport(evaluation, detectable(analyzer),
                text -> spansByText.getOrDefault(text, List.of()));
        out.print(result.table());
        if (report != null) {
            String markdown = result.markdown(new PiiEvaluationReport.Run(clock.instant(), commandLine(),
                    sourceVersion.get(), data.toString(), samples.size(), threshold, iou,
                    wanted.isEmpty() ? "all" : String.join(", ", new TreeSet<>(wanted)), errors));
            try {
                if (report.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(report.toAbsolutePath().getParent());
                }
                Files.writeString(report, markdown);
            } catch (IOException e) {
                err.println("switchboard: cannot write the report to " + report + ": " + e.getMessage());
                return 1;
            }
            err.println("evaluate pii: report written to " + report);
        }
        return 0;
    }

    private static List<SpanEvaluation.Span> kept(List<SpanEvaluation.Span> spans, Set<String> wanted) {
        return wanted.isEmpty() ? spans : spans.stream().filter(s -> wanted.contains(s.type())).toList();
    }

    /** The entity types the recognizers can find, named as the evaluation compares them. */
    private static Set<String> detectable(Analyzer analyzer) {
        Set<String> types = new TreeSet<>();
        analyzer.entities().forEach(t -> types.add(DatasetLabels.canonical(t)));
        return types;
    }

    /** The command as typed, e.g. {@code switchboard evaluate pii --data x.json --report r.md}. */
    private String commandLine() {
        StringBuilder s = new StringBuilder("./switchboard evaluate pii");
        if (spec == null || spec.commandLine().getParseResult() == null) {
            return s.toString();
        }
        for (CommandLine.Model.OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            s.append(' ').append(option.longestName());
            for (String value : option.originalStringValues()) {
                s.append(' ').append(value.matches("[A-Za-z0-9_./:=,+@%-]+") ? value : "'" + value.replace("'", "'\\''") + "'");
            }
        }
        return s.toString();
    }
}
