package dev.switchboard.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiOperatorsTest {

    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void replaceUsesTheEntityTypeOrAConfiguredValue() {
        assertThat(Operator.replace().apply("PERSON", "Alice")).isEqualTo("<PERSON>");
        assertThat(Operator.replace("[name]").apply("PERSON", "Alice")).isEqualTo("[name]");
    }

    @Test
    void redactRemovesTheText() {
        assertThat(Operator.redact().apply("PERSON", "Alice")).isEmpty();
    }

    @Test
    void maskCoversCharactersFromTheEndOrTheStart() {
        assertThat(Operator.mask('*', 4, true).apply("CREDIT_CARD", "4111111111111111")).isEqualTo("411111111111****");
        assertThat(Operator.mask('#', 3, false).apply("PHONE_NUMBER", "5551234")).isEqualTo("###1234");
        assertThat(Operator.mask('*', 99, false).apply("PERSON", "Bob")).as("shorter than the count").isEqualTo("***");
        assertThat(Operator.mask('*', 0, true).apply("PERSON", "Bob")).isEqualTo("Bob");
    }

    @Test
    void maskCountsCodePointsSoSurrogatePairsAreNotCutInHalf() {
        assertThat(Operator.mask('*', 2, true).apply("PERSON", "Zo\uD83D\uDE00\uD83D\uDE00")).isEqualTo("Zo**");
    }

    @Test
    void hashIsSaltedHexSha256AndStablePerSalt() {
        Operator a = Operator.hash("salt-of-tenant-a".getBytes());
        Operator b = Operator.hash("salt-of-tenant-b".getBytes());

        String hashed = a.apply("EMAIL_ADDRESS", "alice@example.com");
        assertThat(hashed).matches("[0-9a-f]{64}");
        assertThat(a.apply("EMAIL_ADDRESS", "alice@example.com")).isEqualTo(hashed);
        assertThat(b.apply("EMAIL_ADDRESS", "alice@example.com")).isNotEqualTo(hashed);
        // SHA-256("abc") with an empty salt is the well-known test vector
        assertThat(Operator.hash(new byte[0]).apply("X", "abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void encryptIsReversibleWithTheKeyOnlyAndDiffersEachTime() {
        EntityCipher cipher = new EntityCipher(KEY, new SecureRandom());
        Operator encrypt = Operator.encrypt(cipher);

        String first = encrypt.apply("US_SSN", "078-05-1120");
        String second = encrypt.apply("US_SSN", "078-05-1120");
        assertThat(first).isNotEqualTo(second).doesNotContain("078");
        assertThat(cipher.decrypt(first)).isEqualTo("078-05-1120");
        assertThat(cipher.decrypt(second)).isEqualTo("078-05-1120");

        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThatThrownBy(() -> new EntityCipher(otherKey, new SecureRandom()).decrypt(first))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not encrypted with this key");
        assertThatThrownBy(() -> cipher.decrypt("not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> new EntityCipher(Arrays.copyOf(KEY, 16), new SecureRandom()))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void pseudonymizeNeedsAVaultAndGivesConsistentPlaceholders() {
        assertThatThrownBy(() -> Operator.pseudonymize().apply("PERSON", "Alice")).hasMessageContaining("vault");
        PseudonymVault vault = new PseudonymVault();
        Operator bound = Operator.pseudonymize().boundTo(vault);

        assertThat(bound.apply("PERSON", "Alice")).isEqualTo("<PERSON_1>");
        assertThat(bound.apply("PERSON", "Bob")).isEqualTo("<PERSON_2>");
        assertThat(bound.apply("PERSON", "Alice")).isEqualTo("<PERSON_1>");
        assertThat(bound.apply("EMAIL_ADDRESS", "a@b.c")).isEqualTo("<EMAIL_ADDRESS_1>");
    }

    @Test
    void redactorAppliesOneOperatorPerEntityTypeAndADefault() {
        Analyzer analyzer = TestRecognizers.analyzer();
        String text = "Alice Smith wrote to bob@example.com and Bob Jones.";
        Redactor redactor = new Redactor(Map.of("EMAIL_ADDRESS", Operator.mask('*', 7, false)), Operator.replace());

        assertThat(redactor.redact(text, analyzer.analyze(text, AnalysisOptions.DEFAULT)))
                .isEqualTo("<PERSON> wrote to *******mple.com and <PERSON>.");
    }

    @Test
    void redactorRefusesOverlappingFindings() {
        var findings = java.util.List.of(new dev.switchboard.guard.pii.Finding("A", 0, 5, 1, "x"),
                new dev.switchboard.guard.pii.Finding("B", 3, 7, 1, "y"));
        assertThatThrownBy(() -> Redactor.of(Operator.redact()).redact("0123456789", findings))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
