package dev.switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which recognizers have a context word in a text: every word the analyzer could raise a score for is found. */
class ContextIndexTest {

    private final ContextIndex index = new ContextIndex(List.of(
            Set.of("card", "visa"), Set.of("ssn", "social"), Set.of(), Set.of("e-mail", "mail")));

    @Test
    void findsWholeWordsTheirPluralsAndWordsTheyStartInAnyCase() {
        assertThat(index.present("pay with your VISA")).isEqualTo(0b1);
        assertThat(index.present("two Cards and an SSN")).isEqualTo(0b11);
        assertThat(index.present("ssn:123-45-6789, mailbox")).isEqualTo(0b1010);
        assertThat(index.present("nothing here: discard, unsocial, e-ma")).isZero();
        assertThat(index.present("")).isZero();
    }

    @Test
    void wordsWithLettersBeyondAsciiAreLowerCasedAsTheAnalyzerDoesIt() {
        assertThat(index.present("ＳＳＮ")).as("fullwidth letters stay fullwidth when lower-cased").isZero();
        assertThat(new ContextIndex(List.of(Set.of("kelvin"))).present("\u212Aelvin")).as("the Kelvin sign lower-cases to k").isEqualTo(1);
        assertThat(index.present("SOC\u0130AL")).as("a dotted I lower-cases to i and a dot").isZero();
        assertThat(index.present("Zoë's visa")).isEqualTo(0b1);
        assertThat(new ContextIndex(List.of(Set.of("número"))).present("any text")).as("a word no trie holds").isEqualTo(1);
    }

    @Test
    void recognizersBeyondTheSixtyThirdAreAlwaysPresent() {
        List<Set<String>> words = new ArrayList<>();
        for (int r = 0; r < 70; r++) {
            words.add(Set.of("word" + (char) ('a' + r % 26)));
        }
        long present = new ContextIndex(words).present("nothing at all");

        assertThat(present).isEqualTo(1L << 63);
        assertThat(new ContextIndex(words).present("worda") & 1).isEqualTo(1);
    }
}
