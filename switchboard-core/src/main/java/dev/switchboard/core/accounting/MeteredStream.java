package dev.switchboard.core.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A response's events on their way to the client, watched for the upstream's {@code usage}.
 * Providers ask streaming upstreams for usage even when the client did not; then the usage chunk
 * is kept from the client (or the {@code usage} field taken out of a chunk that also carries
 * content). When the stream ends — cleanly, broken, or closed by a client that left — the outcome
 * is reported exactly once.
 */
final class MeteredStream implements EventStream {

    /** How much answer text is kept for estimating usage an upstream does not report. */
    static final int MAX_TEXT_BYTES = 1 << 20;

    /** How a metered response ended. */
    record Outcome(JsonNode usage, String text, boolean clean) {
    }

    private final EventStream upstream;
    private final boolean streaming;
    private final boolean clientWantsUsage;
    private final Consumer<Outcome> onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private volatile JsonNode usage;

    /**
     * @param streaming whether events are chunks of a stream (else one whole answer)
     * @param clientWantsUsage whether the client asked for the usage chunk
     */
    MeteredStream(EventStream upstream, boolean streaming, boolean clientWantsUsage, Consumer<Outcome> onEnd) {
        this.upstream = upstream;
        this.streaming = streaming;
        this.clientWantsUsage = clientWantsUsage;
        this.onEnd = onEnd;
    }

    @Override
    public Event next() {
        while (true) {
            Event event;
            try {
                event = upstream.next();
            } catch (RuntimeException e) {
                end(false);
                throw e;
            }
            if (event == null) {
                end(true);
                return null;
            }
            Event passed = observe(event);
            if (passed != null) {
                return passed;
            }
        }
    }

    /** The event to pass on, or null to keep it from the client. */
    private Event observe(Event event) {
        if (!streaming) {
            ObjectNode answer = event.json();
            usage = answer.get("usage");
            if (usage == null || !usage.isObject()) {
                usage = null;
                for (JsonNode choice : answer.path("choices")) {
                    ChunkScanner.appendText(Json.bytes(choice.path("message")), text, MAX_TEXT_BYTES);
                }
            }
            return event;
        }
        byte[] bytes = event.bytes();
        if (!ChunkScanner.hasUsage(bytes)) {
            ChunkScanner.appendText(bytes, text, MAX_TEXT_BYTES);
            if (!clientWantsUsage) {
                byte[] stripped = ChunkScanner.withoutNullUsage(bytes);
                return stripped == bytes ? event : Event.ofBytes(stripped);
            }
            return event;
        }
        ObjectNode chunk = event.json();
        usage = chunk.get("usage");
        ChunkScanner.appendText(bytes, text, MAX_TEXT_BYTES);
        if (clientWantsUsage) {
            return event;
        }
        if (chunk.path("choices").isEmpty()) {
            return null; // the usage chunk the gateway asked for
        }
        ObjectNode withoutUsage = chunk.deepCopy();
        withoutUsage.remove("usage");
        return Event.ofJson(withoutUsage);
    }

    @Override
    public void close() {
        try {
            upstream.close();
        } finally {
            end(false);
        }
    }

    private void end(boolean clean) {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(new Outcome(usage, text.toString(java.nio.charset.StandardCharsets.UTF_8), clean));
        }
    }
}
