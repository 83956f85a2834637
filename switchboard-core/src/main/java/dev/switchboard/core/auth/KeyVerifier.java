package dev.switchboard.core.auth;

/**
 * Decides whether an API key may call the gateway. Implementations never keep keys in clear: they
 * compare hashes, in constant time. Thread-safe.
 */
@FunctionalInterface
public interface KeyVerifier {

    /** The caller the key belongs to, or null if the key is unknown or not allowed. */
    Caller verify(String presentedKey);
}
