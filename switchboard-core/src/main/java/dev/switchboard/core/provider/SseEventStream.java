package dev.switchboard.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ChatChunks;
import dev.switchboard.core.config.Durations;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.core.spi.UpstreamRequest;
import dev.switchboard.core.time.Watchdog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads an upstream's server-sent events. Until the first event that carries output arrives, the
 * first-token timeout applies; after it, the idle timeout. A stream ends cleanly only at
 * {@code data: [DONE]}; end of input before it, an {@code {"error": ...}} event, or silence beyond
 * the timeouts fail the stream with an {@link UpstreamException}, so a broken upstream never looks
 * like a finished answer.
 */
final class SseEventStream implements EventStream {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_FIELD = "\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
    /** Marks events the translator dropped. */
    private static final Event SKIP = Event.ofBytes(new byte[0]);
    private static final java.time.Duration DRAIN_TIME = java.time.Duration.ofMillis(100);

    private final String deployment;
    private final HttpCall call;
    private final LineReader lines;
    private final Watchdog.Guard guard;
    private final UpstreamRequest request;
    private final StreamTranslator translator;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean first = true;
    private boolean ended;
    private volatile boolean cleanEnd;

    SseEventStream(String deployment, HttpCall call, Watchdog.Guard guard, UpstreamRequest request,
                   StreamTranslator translator) {
        this.deployment = deployment;
        this.call = call;
        this.lines = new LineReader(call.body());
        this.guard = guard;
        this.request = request;
        this.translator = translator;
    }

    @Override
    public Event next() {
        if (ended) {
            return null;
        }
        try {
            while (true) {
                Event event = readEvent();
                if (event == null) {
                    ended = true;
                    cleanEnd = true; // the rest of the body is read in close(), after the client has [DONE]
                    return null;
                }
                if (event != SKIP) {
                    if (first && ChatChunks.carriesOutput(event)) {
                        first = false; // from the first token on, silence is bounded by the idle timeout
                    }
                    if (!first) {
                        guard.expireIn(request.timeouts().idle(), request.deadlineNanos());
                    }
                    return event;
                }
            }
        } catch (IOException e) {
            ended = true;
            boolean timedOut = guard.fired();
            close();
            throw UpstreamErrors.fromIo(deployment, e, timedOut, first
                    ? "no first token within " + Durations.format(request.timeouts().firstToken())
                    + " (or the total timeout passed)"
                    : "no event for " + Durations.format(request.timeouts().idle()) + " (or the total timeout passed)");
        } catch (UpstreamException e) {
            ended = true;
            close();
            throw e;
        } catch (UncheckedIOException e) {
            ended = true;
            close();
            throw UpstreamException.broken(deployment + ": sent an event that is not a JSON object", e);
        }
    }

    /** Reads lines up to the next dispatched event; null at [DONE]. */
    private Event readEvent() throws IOException {
        String type = null;
        ByteArrayOutputStream data = null;
        byte[] single = null;
        while (true) {
            byte[] line = lines.readLine(MAX_EVENT_BYTES);
            if (line == null) {
                throw UpstreamException.broken(deployment + ": stream ended without [DONE]", null);
            }
            if (line.length == 0) {
                if (single == null && data == null) {
                    type = null;
                    continue; // a blank line with nothing to dispatch
                }
                return dispatch(type, data != null ? data.toByteArray() : single);
            }
            if (startsWith(line, DATA)) {
                int from = DATA.length + (line.length > DATA.length && line[DATA.length] == ' ' ? 1 : 0);
                byte[] value = from == 0 ? line : Arrays.copyOfRange(line, from, line.length);
                if (single == null && data == null) {
                    single = value;
                } else {
                    if (data == null) {
                        data = new ByteArrayOutputStream();
                        data.write(single);
                    }
                    data.write('\n');
                    data.write(value);
                }
            } else if (startsWith(line, EVENT)) {
                type = new String(line, EVENT.length, line.length - EVENT.length, StandardCharsets.UTF_8).trim();
            }
            // comments (":..."), id: and retry: lines carry nothing a gateway relays
        }
    }

    private Event dispatch(String type, byte[] payload) {
        if (Arrays.equals(payload, DONE)) {
            return null;
        }
        if (isErrorObject(payload)) {
            JsonNode error = null;
            try {
                error = Json.parse(payload).get("error");
            } catch (IOException ignored) {
                // not JSON at all: the translator decides what it is
            }
            if (error != null && !error.isNull()) {
                throw UpstreamErrors.fromErrorEvent(deployment, error);
            }
        }
        Event event = translator.translate(type, payload);
        return event != null ? event : SKIP;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (cleanEnd) {
                drain();
            } else {
                call.cancel(); // stop the upstream at once instead of draining its answer
            }
            guard.close();
            call.close();
        }
    }

    /**
     * After [DONE], reads the end of the body (servers end it right there) so the connection can
     * serve another request; a server that keeps sending gets cut off after {@link #DRAIN_TIME}.
     */
    private void drain() {
        guard.expireIn(DRAIN_TIME, Watchdog.NONE);
        try {
            byte[] rest = new byte[256];
            while (call.body().read(rest, 0, rest.length) >= 0) {
                // nothing after [DONE] is relayed
            }
        } catch (IOException ignored) {
            // the connection is then not reused: the call decides from the body's state
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        if (line.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** True for a payload that is an error object, {@code {"error": ...}}, as OpenAI and vLLM send. */
    private static boolean isErrorObject(byte[] payload) {
        int i = 0;
        while (i < payload.length && (payload[i] == ' ' || payload[i] == '\t')) {
            i++;
        }
        if (i >= payload.length || payload[i] != '{') {
            return false;
        }
        i++;
        while (i < payload.length && (payload[i] == ' ' || payload[i] == '\t' || payload[i] == '\r' || payload[i] == '\n')) {
            i++;
        }
        if (payload.length - i < ERROR_FIELD.length) {
            return false;
        }
        for (int j = 0; j < ERROR_FIELD.length; j++) {
            if (payload[i + j] != ERROR_FIELD[j]) {
                return false;
            }
        }
        return true;
    }
}
