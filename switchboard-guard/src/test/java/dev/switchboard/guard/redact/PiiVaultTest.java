package dev.switchboard.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import org.junit.jupiter.api.Test;

class PiiVaultTest {

    @Test
    void theSameOriginalGetsTheSamePlaceholderWithinARequest() {
        Analyzer analyzer = TestRecognizers.analyzer();
        PseudonymVault vault = new PseudonymVault();
        Redactor redactor = Redactor.of(Operator.pseudonymize()).boundTo(vault);
        String first = "Alice Smith met Bob Jones.";
        String second = "Later Bob Jones called Alice Smith at alice@example.com.";

        assertThat(redactor.redact(first, analyzer.analyze(first, AnalysisOptions.DEFAULT)))
                .isEqualTo("<PERSON_1> met <PERSON_2>.");
        assertThat(redactor.redact(second, analyzer.analyze(second, AnalysisOptions.DEFAULT)))
                .isEqualTo("Later <PERSON_2> called <PERSON_1> at <EMAIL_ADDRESS_1>.");
        assertThat(vault.size()).isEqualTo(3);
    }

    @Test
    void anotherRequestsVaultStartsAgainAndKnowsNothingOfTheFirst() {
        PseudonymVault one = new PseudonymVault();
        PseudonymVault two = new PseudonymVault();
        one.placeholder("PERSON", "Alice");

        assertThat(two.placeholder("PERSON", "Bob")).isEqualTo("<PERSON_1>");
        assertThat(two.restore("<PERSON_1>")).isEqualTo("Bob");
        assertThat(one.restore("<PERSON_1>")).isEqualTo("Alice");
    }

    @Test
    void restorePutsOriginalsBackAndLeavesUnknownPlaceholders() {
        PseudonymVault vault = new PseudonymVault();
        vault.placeholder("PERSON", "Alice");
        vault.placeholder("EMAIL_ADDRESS", "a@b.c");

        assertThat(vault.restore("Dear <PERSON_1>, <PERSON_7> wrote to <EMAIL_ADDRESS_1>. a < b > c <<PERSON_1>>"))
                .isEqualTo("Dear Alice, <PERSON_7> wrote to a@b.c. a < b > c <Alice>");
        assertThat(vault.restore("no placeholders")).isEqualTo("no placeholders");
    }

    @Test
    void restoreCanEscapeOriginalsForJson() {
        PseudonymVault vault = new PseudonymVault();
        vault.placeholder("PERSON", "Jo \"Bob\" O\\Neil");

        assertThat(vault.restore("{\"name\":\"<PERSON_1>\"}", JsonEscape::escape))
                .isEqualTo("{\"name\":\"Jo \\\"Bob\\\" O\\\\Neil\"}");
    }
}
