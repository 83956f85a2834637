package dev.switchboard.core.limits;

import java.util.List;

/**
 * Counts requests, tokens and requests in flight per scope (keys, tenants) and decides whether a
 * request may go. Two implementations share this contract: in memory (one replica) and Redis
 * (all replicas together never admit more than a limit).
 *
 * <p>Requests and tokens are limited per minute as a generic cell rate (GCRA): a scope may use its
 * whole per-minute allowance in a burst, and it refills continuously. Implementations are
 * thread-safe, never block longer than their configured timeout, and never throw for an
 * unreachable backend (they decide by their failure policy instead).
 */
public interface RateLimiter extends AutoCloseable {

    /**
     * Admits one request against every limit of every spec at once: either all are counted or none.
     *
     * @param specs the limits to check, e.g. the key's and its tenant's
     * @param tokens tokens to count against TPM limits now (the input estimate)
     * @param leaseId identifies this request's concurrency slots until {@link #release}
     */
    Admission acquire(List<LimitSpec> specs, long tokens, String leaseId);

    /**
     * Ends a request that was admitted: frees its concurrency slots and counts
     * {@code tokenCorrection} more tokens (real usage minus the estimate; negative gives tokens
     * back). Safe to call for a request that was not admitted (it does nothing then). Never waits
     * on a backend: an implementation that must tell one queues the release and sends it soon
     * after, so it may be called on the thread that ends the response.
     */
    void release(List<LimitSpec> specs, String leaseId, long tokenCorrection);

    @Override
    default void close() {
    }
}
