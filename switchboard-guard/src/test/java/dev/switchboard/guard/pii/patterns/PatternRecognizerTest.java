package dev.switchboard.guard.pii.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.guard.pii.Finding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules that cannot reach the least score asked for are not run; the others find what they always did. */
class PatternRecognizerTest {

    private static PatternRecognizer recognizer(Validator validator, double validatedScore) {
        return new PatternRecognizer("digits", "US_BANK_NUMBER", List.of(
                PatternRule.digits("nine (weak)", "\\b\\d{9}\\b", "", 0.05),
                PatternRule.digits("grouped", "\\b\\d{3}-\\d{3}-\\d{3}\\b", "-", 0.5)), validator, validatedScore, Set.of("account"));
    }

    @Test
    void rulesThatScoreBelowTheLeastScoreAreSkippedWhenTheValidatorCannotProveAMatch() {
        String text = "123456789 and 123-456-789";
        for (Validator cannotProve : List.of(Validator.NONE, Validator.rejecting(m -> false))) {
            PatternRecognizer r = recognizer(cannotProve, 1.0);

            assertThat(r.analyze(text, r.entities(), 0.4)).extracting(Finding::start).containsExactly(14);
            assertThat(r.analyze(text, r.entities(), 0)).extracting(Finding::start).containsExactly(0, 14);
            assertThat(r.analyze(text, r.entities())).isEqualTo(r.analyze(text, r.entities(), 0));
        }
    }

    @Test
    void aRuleWhoseMatchesTheValidatorMayRaiseKeepsRunning() {
        PatternRecognizer r = recognizer(Validator.rejecting(m -> false).and(Validator.of(m -> true)), 0.9);

        assertThat(r.analyze("123456789", r.entities(), 0.4)).singleElement().extracting(Finding::score).isEqualTo(0.9);
    }

    @Test
    void validatorsTellWhetherTheyMayProveAMatch() {
        assertThat(Validator.NONE.mayProve()).isFalse();
        assertThat(Validator.rejecting(m -> true).mayProve()).isFalse();
        assertThat(Validator.of(m -> true).mayProve()).isTrue();
        assertThat(Validator.NONE.and(Validator.rejecting(m -> false)).mayProve()).isFalse();
        assertThat(Validator.NONE.and(Validator.named("luhn")).mayProve()).isTrue();
        assertThat(Validator.NONE.check("x")).isEqualTo(Validator.Verdict.UNKNOWN);
    }
}
