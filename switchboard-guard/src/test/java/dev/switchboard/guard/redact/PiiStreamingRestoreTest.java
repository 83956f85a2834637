package dev.switchboard.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiStreamingRestoreTest {

    private static PseudonymVault vault() {
        PseudonymVault vault = new PseudonymVault();
        vault.placeholder("PERSON", "Alice Smith");    // <PERSON_1>
        vault.placeholder("PERSON", "Bob");            // <PERSON_2>
        for (int i = 3; i <= 10; i++) {
            vault.placeholder("PERSON", "P" + i);      // up to <PERSON_10>
        }
        vault.placeholder("EMAIL_ADDRESS", "a@b.c");  // <EMAIL_ADDRESS_1>
        return vault;
    }

    private static final String ANSWER = "<PERSON_1> and <PERSON_2> wrote to <EMAIL_ADDRESS_1>; a<b, <PERSON_10>."
            + " <PERSON_1";

    @Test
    void everySplitIntoTwoPiecesRestoresTheWholeAnswer() {
        PseudonymVault vault = vault();
        String expected = vault.restore(ANSWER);
        assertThat(expected).isEqualTo("Alice Smith and Bob wrote to a@b.c; a<b, P10. <PERSON_1");
        for (int split = 0; split <= ANSWER.length(); split++) {
            List<String> pieces = List.of(ANSWER.substring(0, split), ANSWER.substring(split));
            assertThat(stream(vault, pieces)).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void everySplitIntoThreePiecesRestoresTheWholeAnswer() {
        PseudonymVault vault = vault();
        String expected = vault.restore(ANSWER);
        for (int a = 0; a <= ANSWER.length(); a++) {
            for (int b = a; b <= ANSWER.length(); b++) {
                List<String> pieces = List.of(ANSWER.substring(0, a), ANSWER.substring(a, b), ANSWER.substring(b));
                assertThat(stream(vault, pieces)).as("split at %d and %d", a, b).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneCharacterAtATimeNeverLeaksAPartialPlaceholder() {
        PseudonymVault vault = vault();
        StreamingRestorer restorer = new StreamingRestorer(vault);
        StringBuilder emitted = new StringBuilder();
        for (int i = 0; i < ANSWER.length(); i++) {
            emitted.append(restorer.push(ANSWER.substring(i, i + 1)));
            assertThat(emitted.toString()).doesNotContain("<PER").doesNotContain("<EMA");
        }
        emitted.append(restorer.finish());
        assertThat(emitted.toString()).isEqualTo(vault.restore(ANSWER));
    }

    @Test
    void textThatCannotStartAPlaceholderIsEmittedAtOnce() {
        StreamingRestorer restorer = new StreamingRestorer(vault());

        assertThat(restorer.push("Hello ")).isEqualTo("Hello ");
        assertThat(restorer.push("a < b and <b>bold</b> <X")).isEqualTo("a < b and <b>bold</b> <X");
        assertThat(restorer.push("<PERSON_")).isEmpty();
        assertThat(restorer.holding()).isTrue();
        assertThat(restorer.push("2> said hi <")).isEqualTo("Bob said hi ");
        assertThat(restorer.push("p>")).isEqualTo("<p>");
        assertThat(restorer.finish()).isEmpty();
    }

    @Test
    void aPlaceholderPrefixThatIsAlsoWholeWaitsForTheLongerOne() {
        StreamingRestorer restorer = new StreamingRestorer(vault());

        assertThat(restorer.push("x <PERSON_1")).isEqualTo("x ");
        assertThat(restorer.push("0>")).isEqualTo("P10");
        assertThat(restorer.push("<PERSON_1")).isEmpty();
        assertThat(restorer.push(">")).isEqualTo("Alice Smith");
    }

    @Test
    void heldTextComesOutUnchangedWhenTheStreamEnds() {
        StreamingRestorer restorer = new StreamingRestorer(vault());

        assertThat(restorer.push("see <EMAIL")).isEqualTo("see ");
        assertThat(restorer.finish()).isEqualTo("<EMAIL");
        assertThat(restorer.holding()).isFalse();
    }

    private static String stream(PseudonymVault vault, List<String> pieces) {
        StreamingRestorer restorer = new StreamingRestorer(vault);
        List<String> out = new ArrayList<>();
        for (String piece : pieces) {
            out.add(restorer.push(piece));
        }
        out.add(restorer.finish());
        return String.join("", out);
    }
}
