package dev.switchboard.guard.redact;

import dev.switchboard.core.config.OperatorConfig;
import dev.switchboard.core.config.PrivacyConfig;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Makes {@link Operator}s from their configuration with one tenant's secrets: the hash salt and the
 * encryption key. Immutable and thread-safe.
 */
public final class OperatorFactory {

    private final byte[] hashSalt;
    private final EntityCipher cipher;

    /**
     * @param hashSalt the {@code hash_salt}, or null when hashing is not configured
     * @param encryptionKey the {@code encryption_key} as configured (hex or base64), or null
     * @param random source of encryption nonces
     */
    public OperatorFactory(String hashSalt, String encryptionKey, SecureRandom random) {
        this.hashSalt = hashSalt != null ? hashSalt.getBytes(StandardCharsets.UTF_8) : null;
        byte[] key = PrivacyConfig.keyBytes(encryptionKey);
        if (encryptionKey != null && key == null) {
            throw new IllegalArgumentException("the encryption key must be 32 bytes as 64 hex digits or as base64");
        }
        this.cipher = key != null ? new EntityCipher(key, random) : null;
    }

    /** The cipher of the {@code encrypt} operator, or null when no key is configured. */
    public EntityCipher cipher() {
        return cipher;
    }

    /**
     * The operator a configuration describes.
     *
     * @throws IllegalArgumentException for an unknown type, or {@code hash}/{@code encrypt} without
     *     their secret, saying which
     */
    public Operator create(OperatorConfig config) {
        return switch (config.type()) {
            case "replace" -> config.newValue() != null ? Operator.replace(config.newValue()) : Operator.replace();
            case "redact" -> Operator.redact();
            case "mask" -> Operator.mask(config.maskingChar().charAt(0), config.charsToMask(), config.fromEnd());
            case "hash" -> {
                if (hashSalt == null) {
                    throw new IllegalArgumentException("the hash operator needs a hash salt (privacy.hash_salt)");
                }
                yield Operator.hash(hashSalt);
            }
            case "encrypt" -> {
                if (cipher == null) {
                    throw new IllegalArgumentException("the encrypt operator needs an encryption key"
                            + " (privacy.encryption_key)");
                }
                yield Operator.encrypt(cipher);
            }
            case "pseudonymize" -> Operator.pseudonymize();
            default -> throw new IllegalArgumentException("unknown operator '" + config.type() + "'; one of "
                    + String.join(", ", OperatorConfig.TYPES));
        };
    }
}
