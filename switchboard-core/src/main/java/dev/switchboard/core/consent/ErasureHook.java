package dev.switchboard.core.consent;

/**
 * A store that keeps data about subjects and can erase it: the consent store itself, and later
 * retrieval indexes and caches. Each registers with the gateway's {@link ErasureHooks}; an erasure
 * request calls every one.
 *
 * <p>Implementations must be idempotent (erasing a subject twice erases nothing the second time)
 * and thread-safe.
 */
@FunctionalInterface
public interface ErasureHook {

    /**
     * Removes everything this store holds about {@code subject}.
     *
     * @return how many items (rows, entries, documents) were removed
     * @throws RuntimeException when the store cannot be reached; the erasure reports it as incomplete
     */
    long erase(String subject);
}
