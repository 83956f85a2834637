package dev.switchboard.guard.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static List<String> words(String text) {
        Tokens tokens = Tokens.of(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(text.substring(tokens.start(i), tokens.end(i))).isEqualTo(tokens.word(i));
            out.add(tokens.word(i));
        }
        return out;
    }

    @Test
    void keepsAbbreviationsInitialsAndInnerPunctuationInWords() {
        assertThat(words("Mr. O'Brien's U.S. trip with J. Weeks-Rivas cost $3.5k."))
                .containsExactly("Mr.", "O'Brien", "'s", "U.S.", "trip", "with", "J.", "Weeks-Rivas", "cost", "$",
                        "3.5k", ".");
    }

    @Test
    void splitsSentenceEndsAndHandlesTwitterNames() {
        assertThat(words("Thanks @alice_b! See #Berlin.")).containsExactly("Thanks", "@alice_b", "!", "See", "#Berlin",
                ".");
    }

    @Test
    void keepsFileNamesAndDomainsWhole() {
        assertThat(words("Lisa_resume.doc is on acme.com. End.")).containsExactly("Lisa_resume.doc", "is", "on",
                "acme.com", ".", "End", ".");
    }

    @Test
    void capsVeryLongWords() {
        assertThat(words("a".repeat(200))).hasSize(4);
    }

    @Test
    void noticesLineBreaks() {
        Tokens tokens = Tokens.of("Sara Lang\n  Helsinki");
        assertThat(tokens.lineBreakBefore(1)).isFalse();
        assertThat(tokens.lineBreakBefore(2)).isTrue();
    }
}
