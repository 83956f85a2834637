package dev.switchboard.guard.pii.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.patterns.BuiltInRecognizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the pattern recognizers alone on presidio-research's synthetic data (dev part):
 * prints per-entity precision, recall and F2 and holds the checksum-validated types to a recall of
 * 0.95. Named entities (found by the NER model) are left out of both sides. Run alone with
 * {@code -Dtest=PresidioSynthAccuracyTest}; set {@code -Dpii.eval.errors=true} to print mismatches.
 */
class PresidioSynthAccuracyTest {

    static final Path DATA = Path.of(System.getProperty("pii.eval.data", "/work/shared/data/pii/presidio-synth-dev.json"));

    @Test
    void patternRecognizersMeetTheirAccuracyFloorsOnPresidioSyntheticData() throws Exception {
        Assumptions.assumeTrue(Files.exists(DATA), "no data set at " + DATA);
        Analyzer analyzer = new Analyzer(BuiltInRecognizers.all());
        SpanEvaluation evaluation = evaluate(analyzer, DATA);

        System.out.println(evaluation.report());
        if (Boolean.getBoolean("pii.eval.errors")) {
            evaluation.errors().forEach(e -> System.out.println(e.kind() + " " + e.type() + " [" + e.text() + "] in: "
                    + e.context().replace("\n", "\\n")));
        }
        for (String checksummed : List.of(Entities.CREDIT_CARD, Entities.IBAN_CODE, Entities.EMAIL_ADDRESS, Entities.IP_ADDRESS)) {
            assertThat(evaluation.perEntity().get(checksummed).recall()).as(checksummed + " recall").isGreaterThanOrEqualTo(0.95);
        }
        assertThat(evaluation.overall().f(2)).as("overall F2 of the pattern entities").isGreaterThanOrEqualTo(0.6);
    }

    /** Runs {@code analyzer} over a presidio-research JSON file, pattern entity types only. */
    static SpanEvaluation evaluate(Analyzer analyzer, Path data) throws LabelledTexts.InvalidDataException {
        SpanEvaluation evaluation = new SpanEvaluation();
        for (LabelledTexts.Sample sample : LabelledTexts.read(data)) {
            List<SpanEvaluation.Span> labelled = sample.spans().stream().filter(s -> !Entities.NAMED.contains(s.type())).toList();
            List<SpanEvaluation.Span> predicted = new ArrayList<>();
            for (Finding finding : analyzer.analyze(sample.text(), AnalysisOptions.DEFAULT)) {
                predicted.add(new SpanEvaluation.Span(DatasetLabels.canonical(finding.type()), finding.start(), finding.end()));
            }
            evaluation.add(sample.text(), labelled, predicted);
        }
        return evaluation;
    }

    @Test
    void spanEvaluationMergesAdjacentPartsAndMatchesByOverlap() {
        String text = "at 28245 Puruntie 82 Apt. 595 now 42";
        SpanEvaluation evaluation = new SpanEvaluation();
        evaluation.add(text,
                List.of(new SpanEvaluation.Span("STREET_ADDRESS", 3, 8), new SpanEvaluation.Span("STREET_ADDRESS", 9, 20),
                        new SpanEvaluation.Span("STREET_ADDRESS", 21, 29)),
                List.of(new SpanEvaluation.Span("STREET_ADDRESS", 3, 29), new SpanEvaluation.Span("AGE", 34, 36)));

        assertThat(evaluation.perEntity().get("STREET_ADDRESS")).isEqualTo(new SpanEvaluation.Counts(1, 0, 0));
        assertThat(evaluation.perEntity().get("AGE")).isEqualTo(new SpanEvaluation.Counts(0, 1, 0));
        assertThat(evaluation.overall().precision()).isEqualTo(0.5);
        assertThat(evaluation.overall().recall()).isEqualTo(1.0);
    }
}
