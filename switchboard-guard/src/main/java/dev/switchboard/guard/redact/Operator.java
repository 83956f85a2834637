package dev.switchboard.guard.redact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What replaces one piece of personal data: the original text of a finding and its entity type in,
 * the text to put in its place out. Operators are stateless and thread-safe, except
 * {@link #pseudonymize()}, which only works once {@linkplain #boundTo bound} to a request's vault.
 */
@FunctionalInterface
public interface Operator {

    /** The text that replaces {@code original}, a finding of entity {@code type}. */
    String apply(String type, String original);

    /**
     * This operator for one request: the same operator, except that pseudonymization writes to
     * {@code vault}.
     */
    default Operator boundTo(PseudonymVault vault) {
        return this;
    }

    /** Leaves the text as it is: for the types a redactor lets through. */
    static Operator keep() {
        return (type, original) -> original;
    }

    /** Replaces the text with {@code <TYPE>}, e.g. {@code <PERSON>}. */
    static Operator replace() {
        return (type, original) -> "<" + type + ">";
    }

    /** Replaces the text with {@code value}, whatever the entity. */
    static Operator replace(String value) {
        Objects.requireNonNull(value, "value");
        return (type, original) -> value;
    }

    /** Removes the text. */
    static Operator redact() {
        return (type, original) -> "";
    }

    /**
     * Replaces {@code chars} characters (Unicode code points) with {@code maskingChar}, counted from
     * the end of the text when {@code fromEnd}, else from its start; all of them when the text is
     * shorter. {@code mask('*', 4, true)} turns {@code 4111111111111111} into {@code 411111111111****}.
     */
    static Operator mask(char maskingChar, int chars, boolean fromEnd) {
        if (chars < 0) {
            throw new IllegalArgumentException("chars to mask cannot be negative: " + chars);
        }
        return (type, original) -> {
            int[] points = original.codePoints().toArray();
            int count = Math.min(chars, points.length);
            int from = fromEnd ? points.length - count : 0;
            for (int i = from; i < from + count; i++) {
                points[i] = maskingChar;
            }
            return new String(points, 0, points.length);
        };
    }

    /**
     * Replaces the text with the lower-case hex SHA-256 of {@code salt} followed by the text's UTF-8
     * bytes: the same text hashes alike for one salt (joins and counts still work), and a
     * per-tenant salt keeps tenants' hashes apart and dictionary guesses expensive.
     */
    static Operator hash(byte[] salt) {
        byte[] saltCopy = salt.clone();
        return (type, original) -> {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update(saltCopy);
                return HexFormat.of().formatHex(digest.digest(original.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        };
    }

    /**
     * Replaces the text with its AES-GCM encryption under {@code cipher}'s key (base64 of nonce and
     * ciphertext), which {@link EntityCipher#decrypt} turns back into the original.
     */
    static Operator encrypt(EntityCipher cipher) {
        Objects.requireNonNull(cipher, "cipher");
        return (type, original) -> cipher.encrypt(original);
    }

    /**
     * Replaces the text with a placeholder such as {@code <PERSON_1>}, the same for the same text
     * within a request, kept in the request's {@link PseudonymVault} so the answer can be restored.
     */
    static Operator pseudonymize() {
        return Pseudonymize.INSTANCE;
    }

    /** The unbound pseudonymize operator: a marker until {@link #boundTo} gives it a vault. */
    enum Pseudonymize implements Operator {
        INSTANCE;

        @Override
        public String apply(String type, String original) {
            throw new IllegalStateException("the pseudonymize operator needs a request's vault: call boundTo(vault)");
        }

        @Override
        public Operator boundTo(PseudonymVault vault) {
            return vault::placeholder;
        }
    }
}
