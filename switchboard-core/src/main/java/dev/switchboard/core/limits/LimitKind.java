package dev.switchboard.core.limits;

/** What a limit counts. */
public enum LimitKind {
    /** Requests per minute. */
    REQUESTS,
    /** Tokens per minute (input estimated before the call, corrected with real usage after). */
    TOKENS,
    /** Requests in flight at once. */
    CONCURRENT
}
