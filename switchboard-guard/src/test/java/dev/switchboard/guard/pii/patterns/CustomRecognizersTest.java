package dev.switchboard.guard.pii.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomRecognizersTest {

    private static List<String> found(Recognizer recognizer, String text) {
        return new Analyzer(List.of(recognizer)).analyze(text, AnalysisOptions.DEFAULT).stream()
                .map(f -> text.substring(f.start(), f.end()))
                .toList();
    }

    @Test
    void aRegexRecognizerReportsMatchesAtItsScoreRaisedByContext() {
        Recognizer employeeIds = CustomRecognizers.regex("employee_id", "EMPLOYEE_ID",
                List.of(new PatternSpec("id", "EMP-[0-9]{6}", 0.3)), Set.of("Employee"), null);

        assertThat(found(employeeIds, "ticket EMP-123456")).isEmpty();
        List<Finding> withContext = new Analyzer(List.of(employeeIds))
                .analyze("employee EMP-123456", AnalysisOptions.DEFAULT);
        assertThat(withContext).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("EMPLOYEE_ID");
            assertThat(f.score()).isCloseTo(0.65, org.assertj.core.data.Offset.offset(1e-9));
        });
    }

    @Test
    void aLuhnValidatorKeepsOnlyNumbersWithAValidCheckDigit() {
        Recognizer cards = CustomRecognizers.regex("loyalty_card", "LOYALTY_CARD",
                List.of(new PatternSpec("card", "\\b[0-9]{16}\\b", 0.2)), Set.of(), "luhn");

        assertThat(found(cards, "4111111111111111 and 4111111111111112")).containsExactly("4111111111111111");
    }

    @Test
    void aMod97ValidatorChecksIbanStyleNumbers() {
        Recognizer accounts = CustomRecognizers.regex("accounts", "ACCOUNT",
                List.of(new PatternSpec("iban", "GB[0-9]{2}[A-Z]{4}[0-9]{14}", 0.2)), Set.of(), "mod97");

        assertThat(found(accounts, "GB82WEST12345698765432 GB82WEST12345698765433"))
                .containsExactly("GB82WEST12345698765432");
    }

    @Test
    void badConfigurationIsRejectedWithMessagesThatNameTheProblem() {
        assertThatThrownBy(() -> CustomRecognizers.regex("ids", "ID", List.of(new PatternSpec("broken", "EMP-(", 0.5)), Set.of(), "none"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ids'").hasMessageContaining("'broken'").hasMessageContaining("invalid regex");
        assertThatThrownBy(() -> CustomRecognizers.regex("ids", "ID", List.of(new PatternSpec("backref", "(a)\\1", 0.5)), Set.of(), "none"))
                .hasMessageContaining("'backref'");
        assertThatThrownBy(() -> CustomRecognizers.regex("ids", "ID", List.of(new PatternSpec("empty", "a*", 0.5)), Set.of(), "none"))
                .hasMessageContaining("empty string");
        assertThatThrownBy(() -> CustomRecognizers.regex("ids", "ID", List.of(new PatternSpec("p", "a", 1.5)), Set.of(), "none"))
                .hasMessageContaining("score");
        assertThatThrownBy(() -> CustomRecognizers.regex("ids", "ID", List.of(new PatternSpec("p", "a", 0.5)), Set.of(), "crc32"))
                .hasMessageContaining("unknown validator 'crc32'");
        assertThatThrownBy(() -> CustomRecognizers.regex("ids", "ID", List.of(), Set.of(), "none"))
                .hasMessageContaining("at least one pattern");
        assertThatThrownBy(() -> CustomRecognizers.regex("Bad Name", "ID", List.of(new PatternSpec("p", "a", 0.5)), Set.of(), "none"))
                .hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> CustomRecognizers.regex("ids", "lower", List.of(new PatternSpec("p", "a", 0.5)), Set.of(), "none"))
                .hasMessageContaining("upper snake case");
        assertThatThrownBy(() -> CustomRecognizers.denyList("customers", "CUSTOMER", List.of("Acme", " ")))
                .hasMessageContaining("phrase 2 is blank");
        assertThatThrownBy(() -> CustomRecognizers.denyList("customers", "CUSTOMER", List.of()))
                .hasMessageContaining("at least one phrase");
    }

    @Test
    void aUserRegexThatBacktracksCatastrophicallyInJavaRunsLinearlyOnRe2() {
        Recognizer evil = CustomRecognizers.regex("evil", "EVIL", List.of(new PatternSpec("nested", "(a+)+b", 0.9)), Set.of(), "none");

        assertThat(found(evil, "a".repeat(50_000) + "c")).isEmpty();
        assertThat(found(evil, "xx aaab")).containsExactly("aaab");
    }

    @Test
    void aDenyListFindsPhrasesAsWholeWordsIgnoringCaseAndSpacing() {
        Recognizer customers = CustomRecognizers.denyList("customers", "CUSTOMER",
                List.of("Acme Corp", "Acme", "Globex", "he"));

        assertThat(found(customers, "We met ACME  corp and globex; the Acmeville office and Globexes are not customers"))
                .containsExactly("ACME  corp", "globex");
    }

    @Test
    void aDenyListWithThousandsOfOverlappingPhrasesFindsEachOccurrence() {
        List<String> phrases = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            phrases.add("customer " + i);
        }
        Recognizer customers = CustomRecognizers.denyList("customers", "CUSTOMER", phrases);

        assertThat(found(customers, "customer 12, customer 4999 and customer 50000"))
                .containsExactly("customer 12", "customer 4999");
    }
}
