package dev.switchboard.core.spi;

import dev.switchboard.core.api.ApiError;
import java.time.Duration;

/**
 * One attempt on a deployment failed. Carries what routing needs to decide what to do next (retry
 * elsewhere, wait, give up, pass the upstream's answer to the client) and nothing secret: messages
 * name the failure, never upstream credentials or response bodies of server errors.
 */
public final class UpstreamException extends RuntimeException {

    /** What went wrong. */
    public enum Kind {
        /** The connection could not be opened (refused, unreachable, TLS failure, connect timeout). */
        CONNECT,
        /** No answer, no first event, or silence between events for longer than the timeout. */
        TIMEOUT,
        /** The upstream answered with an error status. */
        STATUS,
        /** The connection broke or the upstream sent something that is not its API. */
        BROKEN
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;
    private final ApiError clientError;

    private UpstreamException(Kind kind, int status, Duration retryAfter, ApiError clientError, String message,
                              Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        this.clientError = clientError;
    }

    public static UpstreamException connect(String message, Throwable cause) {
        return new UpstreamException(Kind.CONNECT, 0, null, null, message, cause);
    }

    public static UpstreamException timeout(String message) {
        return new UpstreamException(Kind.TIMEOUT, 0, null, null, message, null);
    }

    public static UpstreamException broken(String message, Throwable cause) {
        return new UpstreamException(Kind.BROKEN, 0, null, null, message, cause);
    }

    /**
     * @param status the upstream's HTTP status
     * @param retryAfter the upstream's {@code retry-after}, or null
     * @param clientError for statuses that blame the request itself (400, 413, 422), the upstream's
     *     error as the client should see it; null otherwise
     */
    public static UpstreamException status(int status, Duration retryAfter, ApiError clientError, String message) {
        return new UpstreamException(Kind.STATUS, status, retryAfter, clientError, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The upstream's HTTP status for {@link Kind#STATUS}, else 0. */
    public int status() {
        return status;
    }

    /** How long the upstream asked us to wait ({@code retry-after}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * The error to hand to the client unchanged when the upstream rejected the request itself (bad
     * parameters): retrying it elsewhere would fail the same way. Null for failures of the
     * deployment, which routing retries or falls back from.
     */
    public ApiError clientError() {
        return clientError;
    }

    /** True when another attempt (elsewhere, or later) may succeed. */
    public boolean retryable() {
        return clientError == null;
    }
}
