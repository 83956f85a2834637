package dev.switchboard.guard.pii.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** presidio-research's matching rules that go beyond one prediction per labelled span. */
class SpanEvaluationTest {

    private static SpanEvaluation.Span span(String text, String type, String value) {
        int start = text.indexOf(value);
        return new SpanEvaluation.Span(type, start, start + value.length());
    }

    @Test
    void twoPredictionsThatTogetherCoverALabelledSpanAreOneTruePositive() {
        String text = "Ask Maria Lopez de Vries-Garcia.";
        SpanEvaluation evaluation = new SpanEvaluation();
        // 21 of 23 letters covered together (0.91); the better one alone covers 11 (0.48)
        evaluation.add(text, List.of(span(text, "PERSON", "Maria Lopez de Vries-Garcia")),
                List.of(span(text, "PERSON", "Maria Lopez"), span(text, "PERSON", "Vries-Garcia")));

        assertThat(evaluation.perEntity().get("PERSON")).isEqualTo(new SpanEvaluation.Counts(1, 0, 0));
        assertThat(evaluation.overall()).isEqualTo(new SpanEvaluation.Counts(1, 0, 0));
    }

    @Test
    void anOverlappingPredictionThatDoesNotRaiseTheOverlapIsNotTakenAndCountsAsFalsePositive() {
        String text = "Maria Lopez met Vries today";
        SpanEvaluation evaluation = new SpanEvaluation();
        evaluation.add(text, List.of(span(text, "PERSON", "Maria Lopez")),
                List.of(span(text, "PERSON", "Maria Lopez"), span(text, "LOCATION", "Lopez met")));

        // overall, the exact name matches alone (IoU 1); adding "Lopez met" would lower it to 10/13
        assertThat(evaluation.overall()).isEqualTo(new SpanEvaluation.Counts(1, 1, 0));
        assertThat(evaluation.perEntity().get("LOCATION")).isEqualTo(new SpanEvaluation.Counts(0, 1, 0));
    }

    @Test
    void overallKeepsNeighboursOfDifferentTypesApart() {
        String text = "Anna Berg, 12 Main Street";
        SpanEvaluation evaluation = new SpanEvaluation();
        evaluation.add(text, List.of(span(text, "PERSON", "Anna Berg"), span(text, "STREET_ADDRESS", "12 Main Street")),
                List.of(new SpanEvaluation.Span("STREET_ADDRESS", 0, text.length())));

        // one prediction over both is neither the name nor the address
        assertThat(evaluation.overall()).isEqualTo(new SpanEvaluation.Counts(0, 1, 2));
        assertThat(evaluation.errors()).extracting(SpanEvaluation.Mismatch::kind, SpanEvaluation.Mismatch::text)
                .contains(org.assertj.core.groups.Tuple.tuple("FP", text));
    }

    @Test
    void aWrongTypeMatchesOverallButNotPerEntity() {
        String text = "Call 555-0100 now";
        SpanEvaluation evaluation = new SpanEvaluation();
        evaluation.add(text, List.of(span(text, "PHONE_NUMBER", "555-0100")), List.of(span(text, "US_SSN", "555-0100")));

        assertThat(evaluation.perEntity().get("PHONE_NUMBER")).isEqualTo(new SpanEvaluation.Counts(0, 0, 1));
        assertThat(evaluation.perEntity().get("US_SSN")).isEqualTo(new SpanEvaluation.Counts(0, 1, 0));
        assertThat(evaluation.overall()).isEqualTo(new SpanEvaluation.Counts(1, 0, 0));
    }
}
