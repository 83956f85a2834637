package dev.switchboard.redis;

/**
 * Redis could not be used for one operation: unreachable, too slow, or skipped during an outage.
 * Internal: limiters and ledgers catch it and apply their {@link FailurePolicy}. Has no stack
 * trace, since it is thrown for every request during an outage.
 */
final class RedisUnavailableException extends RuntimeException {

    RedisUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
