package dev.switchboard.core.provider;

import dev.switchboard.core.pipeline.Event;

/**
 * Turns one upstream stream's server-sent events into OpenAI chat completion chunks. One instance
 * per stream, so it may keep state (a message id, tool-call indexes). The translator for
 * OpenAI-compatible upstreams passes events through untouched.
 */
@FunctionalInterface
public interface StreamTranslator {

    StreamTranslator IDENTITY = (type, data) -> Event.ofBytes(data);

    /**
     * @param type the SSE {@code event:} field, or null when absent
     * @param data the SSE {@code data:} payload (not {@code [DONE]}, not an {@code error} object)
     * @return the chunk to pass on, or null to drop this event
     */
    Event translate(String type, byte[] data);
}
