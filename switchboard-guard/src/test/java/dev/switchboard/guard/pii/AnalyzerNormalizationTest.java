package dev.switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.guard.pii.patterns.BuiltInRecognizers;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyzerNormalizationTest {

    private final Analyzer analyzer = new Analyzer(BuiltInRecognizers.all());

    private static List<String> found(Analyzer analyzer, String text, String type) {
        return analyzer.analyze(text, AnalysisOptions.DEFAULT).stream()
                .filter(f -> f.type().equals(type))
                .map(f -> text.substring(f.start(), f.end()))
                .toList();
    }

    @Test
    void anEmailWithZeroWidthSpacesAndACyrillicLetterIsFoundAndItsSpanCoversTheOriginal() {
        String email = "jo\u200Bhn.d\u043Ee@ex\u00ADample.com";
        String text = "write to " + email + " today";

        assertThat(found(analyzer, text, Entities.EMAIL_ADDRESS)).containsExactly(email);
    }

    @Test
    void aCardNumberWithFullwidthDigitsAndInvisibleCharactersIsFound() {
        String card = "\uFF14\uFF11\uFF11\uFF11\u200B 1111\u2060 1111 \u202E1111";
        String text = "my card is " + card;

        assertThat(found(analyzer, text, Entities.CREDIT_CARD)).containsExactly(card);
    }

    @Test
    void findingsAfterCharactersThatNormalizationRemovesOrExpandsKeepOriginalOffsets() {
        String text = "\uFB01\uFB01\u200B\u200B\u200B mail x@example.org";

        Finding email = analyzer.analyze(text, AnalysisOptions.DEFAULT).stream()
                .filter(f -> f.type().equals(Entities.EMAIL_ADDRESS)).findFirst().orElseThrow();

        assertThat(text.substring(email.start(), email.end())).isEqualTo("x@example.org");
    }

    @Test
    void textsLongerThanTheLimitAreRefusedWithTheLimitNamed() {
        Analyzer small = new Analyzer(BuiltInRecognizers.all(), 100);

        assertThatThrownBy(() -> small.analyze("x".repeat(101), AnalysisOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit of 100 chars");
        assertThat(small.analyze("x".repeat(100), AnalysisOptions.DEFAULT)).isEmpty();
    }

    @Test
    void theDefaultLimitIsOneMillionChars() {
        assertThat(analyzer.maxTextChars()).isEqualTo(1_000_000);
        assertThatThrownBy(() -> new Analyzer(List.of(), 0)).hasMessageContaining("maxTextChars");
    }

    @Test
    void overlapResolutionKeepsTheContainingSpanAmongManyNestedFindings() {
        List<Finding> findings = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            findings.add(new Finding("A", i * 3, i * 3 + 2, 0.9, "small"));
        }
        Finding wide = new Finding("B", 0, 3000, 0.5, "wide");
        findings.add(wide);

        assertThat(Analyzer.resolveOverlaps(findings)).containsExactly(wide);
    }
}
