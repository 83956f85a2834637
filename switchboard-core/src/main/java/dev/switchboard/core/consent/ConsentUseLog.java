package dev.switchboard.core.consent;

/**
 * Where the uses of consent go. {@link #record} is called on the request path and must not block
 * on I/O: implementations queue and write behind.
 */
@FunctionalInterface
public interface ConsentUseLog {

    /** Drops every use. */
    ConsentUseLog NONE = use -> { };

    void record(ConsentUse use);
}
