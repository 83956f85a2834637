package dev.switchboard.redis;

/** What Redis-backed limits do while Redis is unreachable. */
public enum FailurePolicy {
    /**
     * Fail open, with local limits: this replica decides alone, with in-memory counters and the same
     * limits, and marks its decisions {@linkplain dev.switchboard.core.limits.Admission#degraded()
     * degraded}. All replicas together may then admit up to their number times a limit.
     */
    LOCAL,
    /**
     * Fail closed: requests are refused (a degraded rejection with no limit named, which the caller
     * answers with 503), and budget checks throw
     * {@link dev.switchboard.core.limits.LimitsUnavailableException}.
     */
    REJECT
}
