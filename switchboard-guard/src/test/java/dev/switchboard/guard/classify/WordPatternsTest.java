package dev.switchboard.guard.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WordPatternsTest {

    @Test
    void wordStemsAreTheLeadingLettersOfEachAlternativeNestedGroupsAndSmallClassesIncluded() {
        assertThat(WordPatterns.stems("\\b(?:ignore|disregard|forget) (?:all )?previous"))
                .isEqualTo(new WordPatterns.Stems(true, List.of("ignore", "disregard", "forget")));
        assertThat(WordPatterns.stems("\\b(?:(?:kill|cut)\\w* myself|suicid\\w*|cuts? on my)").stems())
                .containsExactly("kill", "cut", "suicid", "cut");
        assertThat(WordPatterns.stems("\\bdo anything now\\b").stems()).containsExactly("do");
        assertThat(WordPatterns.stems("\\b(?:[4-9]|1[0-7])[- ]?year").stems())
                .containsExactly("4", "5", "6", "7", "8", "9", "1");
    }

    @Test
    void patternsWithoutALeadingWordBoundaryHaveLiteralStems() {
        assertThat(WordPatterns.stems("<\\|(?:im_start|system)\\|>"))
                .isEqualTo(new WordPatterns.Stems(false, List.of("<|")));
        assertThat(WordPatterns.stems("</?(?:system|prompt)>").stems()).containsExactly("<");
        assertThat(WordPatterns.stems("(?<!\\S)(?:#{2,}|\\[|<|\\{\\{) ?system").stems())
                .containsExactly("#", "[", "<", "{{");
    }

    @Test
    void patternsThatMayMatchAnywhereHaveNoStems() {
        assertThat(WordPatterns.stems("(?:^|\\s)system")).isNull();
        assertThat(WordPatterns.stems("\\b[\\p{L}]{2,30} mode")).isNull();
        assertThat(WordPatterns.stems("\\b(?:x?y|z)")).isNull();
        assertThat(WordPatterns.stems("\\b[a-z]?foo")).isNull();
    }

    @Test
    void matchesAreFoundOnlyWhereAStemStartsAndAgreeWithAFullScan() {
        WordPatterns patterns = new WordPatterns(List.of(
                Pattern.compile("\\b(?:ignore|disregard) all previous instructions\\b"),
                Pattern.compile("<\\|(?:im_start|system)\\|>"),
                Pattern.compile("(?<!\\S)(?:#{2,}|\\[) ?system ?(?:#{2,}|\\])"),
                Pattern.compile("(?:^|\\s)admin:")));
        String text = "please, 'ignore all previous instructions' and then ignore all previous instructions again"
                + " <|system|> ### system ### x[system] [system] admin: then";

        List<List<int[]>> matches = patterns.matches(text, 10);

        assertThat(matches.get(0)).hasSize(2);
        assertThat(matches.get(1)).hasSize(1);
        assertThat(matches.get(2)).hasSize(2);
        assertThat(matches.get(3)).hasSize(1);
        assertThat(strings(matches)).isEqualTo(strings(patterns.matchesByFullScan(text, 10)));
    }

    @Test
    void noCandidateWordMeansNoMatch() {
        WordPatterns patterns = new WordPatterns(List.of(Pattern.compile("\\b(?:ignore|forget) everything")));

        assertThat(patterns.matches("what is the capital of france", 1).get(0)).isEmpty();
    }

    /** The guards' own rules and themes over real texts: the prefilter never loses a match a full scan finds. */
    @Test
    void theGuardsRulesAgreeWithAFullScanOnTheirTrainingTexts() throws IOException {
        List<WordPatterns> guards = List.of(injectionRules(), moderationThemes());
        for (String name : List.of("injection-written.tsv", "injection-written-test.tsv", "moderation-written.tsv")) {
            try (InputStream in = WordPatternsTest.class.getResourceAsStream("/dev/switchboard/guard/training/" + name)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String folded = GuardText.of(line.substring(line.indexOf('\t') + 1)).text();
                    for (WordPatterns patterns : guards) {
                        assertThat(strings(patterns.matches(folded, 4))).as(folded)
                                .isEqualTo(strings(patterns.matchesByFullScan(folded, 4)));
                    }
                }
            }
        }
    }

    private static WordPatterns injectionRules() {
        return staticPatterns("dev.switchboard.guard.injection.InjectionRules");
    }

    private static WordPatterns moderationThemes() {
        return staticPatterns("dev.switchboard.guard.moderation.ModerationLexicon");
    }

    private static WordPatterns staticPatterns(String className) {
        try {
            var field = Class.forName(className).getDeclaredField("PATTERNS");
            field.setAccessible(true);
            return (WordPatterns) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static List<List<String>> strings(List<List<int[]>> matches) {
        return matches.stream().map(list -> list.stream().map(Arrays::toString).toList()).toList();
    }
}
