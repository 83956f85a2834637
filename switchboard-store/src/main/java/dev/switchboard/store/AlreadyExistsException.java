package dev.switchboard.store;

/**
 * A create or update would make a second tenant or key with the same unique value (id, name,
 * hash). The message names the object and, except for key hashes, the value:
 * {@code tenant 'acme' already exists}.
 */
public final class AlreadyExistsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String message) {
        super(message);
    }
}
