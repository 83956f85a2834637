package dev.switchboard.sim;

import java.io.ByteArrayOutputStream;

/** A byte buffer whose array can be sent without the copy {@code toByteArray()} makes. Not thread-safe. */
final class ByteSink extends ByteArrayOutputStream {

    ByteSink(int initialSize) {
        super(initialSize);
    }

    /** The backing array; valid bytes are {@code [0, size())}. */
    byte[] array() {
        return buf;
    }
}
