package dev.switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.guard.pii.patterns.BuiltInRecognizers;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs built to make regexes backtrack, offsets drift or memory grow. The timeouts only stop a
 * hung build (a catastrophic regex would take hours); they are not performance claims.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileInputTest {

    private static final Analyzer ANALYZER = new Analyzer(BuiltInRecognizers.all());

    @ParameterizedTest(name = "100k repetitions of ''{0}''")
    @ValueSource(strings = {"a@", "1-", "(", "1.", "a.", "1:", "a1 ", "1 ", "Apt 1 ", "12345 ", "a-b.", ":", "1/1/"})
    void pathologicalRepetitionsAreAnalyzedWithoutBlowingUp(String unit) {
        String text = unit.repeat(100_000);

        List<Finding> findings = ANALYZER.analyze(text, AnalysisOptions.DEFAULT);

        assertThat(findings).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(text.length()));
    }

    @Test
    void nestedParenthesesAndLongDigitRunsAreAnalyzed() {
        String text = "(".repeat(50_000) + "4111 1111 1111 1111" + ")".repeat(50_000) + " " + "9".repeat(100_000);

        List<Finding> findings = ANALYZER.analyze(text, AnalysisOptions.DEFAULT);

        assertThat(findings).extracting(Finding::type).contains(Entities.CREDIT_CARD);
    }

    @Test
    void randomTextWithBrokenSurrogatesAndInvisibleCharactersNeverThrows() {
        SplittableRandom random = new SplittableRandom(42);
        char[] alphabet = "aZ09 @.-:/\n\t,()#\u200B\u00AD\u202E\uFF10\u0430\u0391\uD800\uDC00\uD83D\uDE00\u0301\uFB01".toCharArray();
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(2_000);
            for (int i = 0; i < length; i++) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : alphabet[random.nextInt(alphabet.length)]);
            }
            String s = text.toString();
            for (Finding f : ANALYZER.analyze(s, AnalysisOptions.DEFAULT)) {
                assertThat(f.start()).isGreaterThanOrEqualTo(0);
                assertThat(f.end()).isLessThanOrEqualTo(s.length());
            }
        }
    }

    @Test
    void aTextJustUnderTheLimitIsAnalyzedAndOneCharMoreIsRefused() {
        StringBuilder text = new StringBuilder(Analyzer.DEFAULT_MAX_TEXT_CHARS);
        String sentence = "Mail jane@example.com or call +1 650-253-0000 from 10.0.0.1 on 2024-01-05. ";
        while (text.length() + sentence.length() <= Analyzer.DEFAULT_MAX_TEXT_CHARS) {
            text.append(sentence);
        }
        String big = text.toString();

        assertThat(ANALYZER.analyze(big, AnalysisOptions.DEFAULT))
                .filteredOn(f -> f.type().equals(Entities.EMAIL_ADDRESS))
                .hasSize(big.length() / sentence.length());
        String tooBig = big + "x".repeat(Analyzer.DEFAULT_MAX_TEXT_CHARS - big.length() + 1);
        assertThatThrownBy(() -> ANALYZER.analyze(tooBig, AnalysisOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000000");
    }
}
