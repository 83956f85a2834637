package dev.switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.InstanceOfAssertFactories.DOUBLE;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnalyzerTest {

    /** A recognizer for tests: every match of a pattern, at a fixed score. */
    private record Fixed(String name, String type, Pattern pattern, double score, Set<String> contextWords)
            implements Recognizer {
        @Override
        public Set<String> entities() {
            return Set.of(type);
        }

        @Override
        public List<Finding> analyze(String text, Set<String> wanted) {
            Matcher m = pattern.matcher(text);
            return m.results().map(r -> new Finding(type, r.start(), r.end(), score, name)).toList();
        }
    }

    private static Fixed fixed(String name, String type, String regex, double score, String... context) {
        return new Fixed(name, type, Pattern.compile(regex), score, Set.of(context));
    }

    @Test
    void contextWordsShortlyBeforeAFindingRaiseItsScore() {
        Analyzer analyzer = new Analyzer(List.of(fixed("digits", "US_BANK_NUMBER", "\\d{9}", 0.1, "account")));

        assertThat(analyzer.analyze("my account number is 123456789", AnalysisOptions.DEFAULT))
                .singleElement().extracting(Finding::score, DOUBLE).isCloseTo(0.45, within(1e-9));
        assertThat(analyzer.analyze("the count was 123456789", AnalysisOptions.DEFAULT)).isEmpty();
        assertThat(analyzer.analyze("accounts: a b c d e f 123456789", AnalysisOptions.DEFAULT))
                .as("more than five words away").isEmpty();
    }

    @Test
    void onlyWantedEntitiesAreReported() {
        Analyzer analyzer = new Analyzer(List.of(fixed("a", "A", "a+", 0.9), fixed("b", "B", "b+", 0.9)));

        assertThat(analyzer.analyze("aa bb", new AnalysisOptions(Set.of("B"), 0.4)))
                .extracting(Finding::type).containsExactly("B");
    }

    @Test
    void overlapsResolveToTheContainingSpanThenTheHigherScore() {
        Finding wide = new Finding("STREET_ADDRESS", 0, 20, 0.5, "x");
        Finding inside = new Finding("LOCATION", 5, 10, 0.9, "y");
        Finding sameSpanWeaker = new Finding("PERSON", 0, 20, 0.3, "z");
        Finding partial = new Finding("DATE_TIME", 18, 25, 0.8, "w");
        Finding elsewhere = new Finding("EMAIL_ADDRESS", 30, 40, 0.2, "v");

        assertThat(Analyzer.resolveOverlaps(List.of(inside, wide, sameSpanWeaker, partial, elsewhere)))
                .as("the partial overlap with a higher score beats the container, which then frees what it held")
                .containsExactly(inside, partial, elsewhere);
        assertThat(Analyzer.resolveOverlaps(List.of(inside, wide, sameSpanWeaker, elsewhere)))
                .containsExactly(wide, elsewhere);
    }

    @Test
    void aRecognizerReturningSpansOutsideTheTextIsNamed() {
        Analyzer analyzer = new Analyzer(List.of(new Recognizer() {
            @Override public String name() { return "broken"; }
            @Override public Set<String> entities() { return Set.of("A"); }
            @Override public List<Finding> analyze(String text, Set<String> wanted) {
                return List.of(new Finding("A", 0, text.length() + 5, 0.9, "broken"));
            }
        }));
        assertThatThrownBy(() -> analyzer.analyze("abc", AnalysisOptions.DEFAULT)).hasMessageContaining("broken");
    }

    @Test
    void aRecognizerMayLeaveOutWhatScoresBelowTheThresholdOnlyWhenTheTextHoldsNoneOfItsContextWords() {
        List<Double> asked = new java.util.ArrayList<>();
        Recognizer weak = new Recognizer() {
            @Override public String name() { return "weak"; }
            @Override public Set<String> entities() { return Set.of("US_BANK_NUMBER"); }
            @Override public Set<String> contextWords() { return Set.of("account"); }
            @Override public List<Finding> analyze(String text, Set<String> wanted) {
                return analyze(text, wanted, 0);
            }
            @Override public List<Finding> analyze(String text, Set<String> wanted, double leastScore) {
                asked.add(leastScore);
                return leastScore > 0.1 ? List.of() : fixed("weak", "US_BANK_NUMBER", "\\d{9}", 0.1).analyze(text, wanted);
            }
        };
        Analyzer analyzer = new Analyzer(List.of(weak));

        assertThat(analyzer.analyze("the count was 123456789", AnalysisOptions.DEFAULT)).isEmpty();
        assertThat(analyzer.analyze("ACCOUNTS: 123456789", AnalysisOptions.DEFAULT)).hasSize(1);
        assertThat(analyzer.analyze("accountholders: 123456789", AnalysisOptions.DEFAULT)).as("present, but no raise").isEmpty();
        assertThat(analyzer.analyze("the count was 123456789", new AnalysisOptions(Set.of(), 0))).hasSize(1);
        assertThat(asked).as("threshold without context words; 0 with one, or a word starting with one; 0 at threshold 0")
                .containsExactly(0.4, 0.0, 0.0, 0.0);
    }

    @Test
    void aContextWordCutByTheSearchLimitDoesNotCount() {
        Analyzer analyzer = new Analyzer(List.of(fixed("digits", "US_BANK_NUMBER", "\\d{9}", 0.1, "count")));
        // the finding starts at 122, so the search stops at 2: inside "account", at the start of "count"
        String blanks = " ".repeat(115);

        assertThat(analyzer.analyze("account" + blanks + "123456789", AnalysisOptions.DEFAULT)).as("'count' of 'account'").isEmpty();
        assertThat(analyzer.analyze("x count" + blanks + "123456789", AnalysisOptions.DEFAULT)).as("the word itself").hasSize(1);
    }

    @Test
    void recognizerNamesMustBeUnique() {
        assertThatThrownBy(() -> new Analyzer(List.of(fixed("a", "A", "a", 1), fixed("a", "B", "b", 1))))
                .hasMessageContaining("'a'");
    }
}
