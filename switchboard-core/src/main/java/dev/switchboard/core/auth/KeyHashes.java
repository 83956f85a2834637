package dev.switchboard.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** SHA-256 hashing and generation of API keys. */
public final class KeyHashes {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private KeyHashes() {
    }

    public static byte[] sha256(String key) {
        return newSha256().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh SHA-256 digest: cloning a prototype is several times cheaper than a provider lookup. */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("every JDK has SHA-256", impossible);
            }
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
