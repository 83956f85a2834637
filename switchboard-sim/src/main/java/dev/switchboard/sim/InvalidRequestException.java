package dev.switchboard.sim;

/**
 * A request the simulator rejects with 400 {@code invalid_request_error}, as OpenAI would.
 * Carries the offending parameter (OpenAI's {@code param}) and a message telling the caller what
 * to change.
 */
final class InvalidRequestException extends RuntimeException {

    private final String param;

    InvalidRequestException(String param, String message) {
        super(message, null, false, false); // an answer to the client, not a bug: no stack trace
        this.param = param;
    }

    /** The offending parameter, e.g. {@code messages[2].role}; null when the whole body is at fault. */
    String param() {
        return param;
    }
}
