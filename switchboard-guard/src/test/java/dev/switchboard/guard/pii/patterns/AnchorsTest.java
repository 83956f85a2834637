package dev.switchboard.guard.pii.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AnchorsTest {

    private static List<String> everywhere(String text, Pattern pattern) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.start() + ":" + m.end());
        }
        return out;
    }

    private static List<String> anchored(String text, Pattern pattern, Anchors anchors, int before, int after) {
        List<String> out = new ArrayList<>();
        anchors.matches(text, pattern, before, after, m -> out.add(m.start() + ":" + m.end()));
        return out;
    }

    @Test
    void findsWhatAFullScanFindsWhenTheReachCoversEveryMatch() {
        Random random = new Random(7);
        String alphabet = "ab Z9 0123@.:-/\nwww";
        Pattern number = Pattern.compile("(?<![\\d.])\\d{1,3}(?:[.-]\\d{1,3}){0,3}(?![\\d])");
        Pattern dated = Pattern.compile("\\b[a-z]{1,4} \\d{1,2}\\b");
        Pattern mail = Pattern.compile("(?<![\\w.])[a-z0-9]{1,8}@[a-z0-9]{1,8}(?:\\.[a-z]{1,3})?");
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(200); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = text.toString();
            assertThat(anchored(s, number, Anchors.digits(), 16, 16)).as(s).isEqualTo(everywhere(s, number));
            assertThat(anchored(s, dated, Anchors.digits(), 8, 3)).as(s).isEqualTo(everywhere(s, dated));
            assertThat(anchored(s, mail, Anchors.chars("@"), 9, 14)).as(s).isEqualTo(everywhere(s, mail));
        }
    }

    private static List<String> anchored(String text, Pattern pattern, Anchors anchors, int before, int after,
                                         IntPredicate matchChars, MatchStart start) {
        List<String> out = new ArrayList<>();
        anchors.matches(text, pattern, before, after, matchChars, start, m -> out.add(m.start() + ":" + m.end()));
        return out;
    }

    @Test
    void startTestsAndMatchCharRunsFindWhatAFullScanFinds() {
        Random random = new Random(11);
        String alphabet = "ab Z9 0123@.:-/\nwwwé_";
        Pattern number = Pattern.compile("(?<![\\d.])\\d{1,3}(?:[.-]\\d{1,3}){0,3}(?![\\d])");
        Pattern dated = Pattern.compile("\\b[a-z]{1,4} \\d{1,2}\\b");
        Pattern mail = Pattern.compile("(?<![\\w.])[a-z0-9]{1,8}@[a-z0-9]{1,8}(?:\\.[a-z]{1,3})?");
        // a whole word: word anchors are runs of letters, so the pattern must not start or end inside one
        Pattern word = Pattern.compile("(?<!\\p{L})(?:ab|www)(?!\\p{L})", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        String lower = "abcdefghijklmnopqrstuvwxyz";
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(200); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = text.toString();
            assertThat(anchored(s, number, Anchors.digits(), 16, 16, MatchChars.of(MatchChars.DIGITS + ".-"),
                    MatchStart.after(MatchChars.DIGITS, MatchChars.DIGITS + "."))).as(s).isEqualTo(everywhere(s, number));
            assertThat(anchored(s, dated, Anchors.digits(), 8, 3, null, MatchStart.wordStart(lower)))
                    .as(s).isEqualTo(everywhere(s, dated));
            assertThat(anchored(s, mail, Anchors.chars("@"), 9, 14, MatchChars.of(lower + MatchChars.DIGITS + "@."),
                    MatchStart.after(lower + MatchChars.DIGITS, MatchStart.WORD_CHARS + "."))).as(s)
                    .isEqualTo(everywhere(s, mail));
            assertThat(anchored(s, word, Anchors.words(Set.of("ab", "www")), 0, 3, null,
                    (t, i) -> "aAwW".indexOf(t.charAt(i)) >= 0)).as(s).isEqualTo(everywhere(s, word));
        }
    }

    @Test
    void aStartTestThatRejectsAPositionWhereAMatchStartsWouldMissIt() {
        // the contract the built-in rules rely on, shown by breaking it: only the listed starts are tried
        Pattern digits = Pattern.compile("\\d+");
        assertThat(anchored("a12 345", digits, Anchors.digits(), 5, 5, null, MatchStart.wordStart(MatchChars.DIGITS)))
                .containsExactly("4:7");
        assertThat(everywhere("a12 345", digits)).containsExactly("1:3", "4:7");
    }

    @Test
    void literalAndSuffixAnchorsReportEachPlaceOnceInOrder() {
        List<Integer> literals = new ArrayList<>();
        Anchors.literals("Suite", "Apt", "Ste").find("Apt 4, Suite 9, Apt", literals::add);
        List<Integer> suffixes = new ArrayList<>();
        Anchors.endingBeforeBlank(List.of("straße", "weg", "str.")).find(
                "Hauptstraße 5, Feldweg\t7, Ringstr. 3, wegen 4, weg", suffixes::add);

        assertThat(literals).containsExactly(0, 7, 16);
        assertThat(suffixes).containsExactly(11, 22, 34);
    }

    @Test
    void windowsAroundNearbyAnchorsAreMergedAndClippedToTheText() {
        List<String> windows = new ArrayList<>();
        Anchors.digits().windows("1 ab 2 and much later 3", 2, 3, (start, end) -> windows.add(start + "-" + end));

        assertThat(windows).containsExactly("0-9", "20-23");
    }

    @Test
    void wordAndLiteralAnchorsIgnoreCaseAsAsked() {
        List<Integer> words = new ArrayList<>();
        Anchors.words(Set.of("monday")).find("MONDAY, mondays and Monday", words::add);
        List<Integer> literals = new ArrayList<>();
        Anchors.literal("www.", true).find("WWW.a www.b ww.c", literals::add);
        List<Integer> dots = new ArrayList<>();
        Anchors.dotInName().find("end. a.b 1.5 x.y", dots::add);

        assertThat(words).containsExactly(0, 20);
        assertThat(literals).containsExactly(0, 6);
        assertThat(dots).containsExactly(6, 14);
    }
}
