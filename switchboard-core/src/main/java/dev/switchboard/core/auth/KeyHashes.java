package dev.switchboard.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** SHA-256 hashing and generation of API keys. */
public final class KeyHashes {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private KeyHashes() {
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** A new key: {@code prefix} and 40 random base-62 characters (238 bits) from {@code random}. */
    public static String generate(String prefix, SecureRandom random) {
        StringBuilder key = new StringBuilder(prefix);
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    /** A verifier accepting exactly the key whose SHA-256 is {@code hash}, as {@link Caller#MASTER}. */
    public static KeyVerifier masterKey(byte[] hash) {
        byte[] expected = hash.clone();
        return presented -> MessageDigest.isEqual(expected, sha256(presented)) ? Caller.MASTER : null;
    }
}
