package dev.switchboard.store;

/**
 * The store could not do what was asked: the database is unreachable, refused a statement, or its
 * schema cannot be used by this version of Switchboard. The message says what and where, never a
 * password and never the values of a row.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
