package dev.switchboard.sim;

/** A write to the client failed: the client went away mid-answer. Expected, so it has no stack trace. */
final class ClientGoneException extends RuntimeException {

    ClientGoneException(Throwable cause) {
        super("client went away", cause, false, false);
    }
}
