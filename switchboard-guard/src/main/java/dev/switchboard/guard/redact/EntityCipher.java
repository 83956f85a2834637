package dev.switchboard.guard.redact;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of entity values with one tenant's key. A token is the base64 (standard
 * alphabet, padded) of a 12-byte random nonce followed by the ciphertext and its 16-byte tag, so the
 * same value encrypts differently each time and any change to a token is detected.
 *
 * <p>Thread-safe: each call uses its own {@link Cipher}.
 */
public final class EntityCipher {

    /** Key length in bytes (AES-256). */
    public static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    /**
     * @param key 32 bytes
     * @param random source of nonces
     */
    public EntityCipher(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an encryption key must be " + KEY_BYTES + " bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    /** The token of {@code plain}. */
    public String encrypt(String plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * The value a token was made from.
     *
     * @throws IllegalArgumentException when the token is not base64, too short, or was not made
     *     with this key (or was altered)
     */
    public String decrypt(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encrypted value: not base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("not an encrypted value: too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(bytes, NONCE_BYTES)));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the value was not encrypted with this key, or was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
