package dev.switchboard.guard.safety;

/** A remote classifier did not answer usably (refused, timed out, broken reply). The message names no text. */
public final class GuardUnavailableException extends RuntimeException {

    public GuardUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
