package dev.switchboard.core.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A successful answer on its way back to the client: its events and the headers interceptors want
 * sent with it. Immutable; {@code with...} methods return a new response.
 *
 * <p>Whoever receives a response owns its {@link #events()} and must close them, even when it
 * does not read them.
 */
public final class Response {

    private final EventStream events;
    private final Map<String, String> headers;

    private Response(EventStream events, Map<String, String> headers) {
        this.events = Objects.requireNonNull(events, "events");
        this.headers = headers;
    }

    public static Response of(EventStream events) {
        return new Response(events, Map.of());
    }

    public EventStream events() {
        return events;
    }

    /** Headers to send, names in lower case, in the order they were added. */
    public Map<String, String> headers() {
        return headers;
    }

    /** This response with a header added or replaced (lower-case name). */
    public Response withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Response(events, Collections.unmodifiableMap(copy));
    }

    /** This response with {@code more} headers added or replaced (lower-case names), in one copy. */
    public Response withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.putAll(more);
        return new Response(events, Collections.unmodifiableMap(copy));
    }

    /** This response with its events wrapped, e.g. to observe or rewrite them as they pass. */
    public Response withEvents(UnaryOperator<EventStream> wrapper) {
        return new Response(wrapper.apply(events), headers);
    }
}
