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
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Reads an upstream's server-sent events. Until the first event that carries output arrives, the
 * first-token timeout applies; after it, the idle timeout. A stream ends cleanly only at {@code data: [DONE]};
 * end of input before it, an {@code {"error": ...}} event, or silence beyond the timeouts fail the
 * stream with an {@link UpstreamException}, so a broken upstream never looks like a finished answer.
 */
final class SseEventStream implements EventStream {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_FIELD = "\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_EVENT_BYTES = 16L * 1024 * 1024;

    private final String deployment;
    private final Call call;
    private final Response response;
    private final BufferedSource source;
    private final Watchdog.Guard guard;
    private final UpstreamRequest request;
    private final StreamTranslator translator;
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean first = true;
    private boolean ended;

    SseEventStream(String deployment, Call call, Response response, Watchdog.Guard guard, UpstreamRequest request,
                   StreamTranslator translator) {
        this.deployment = deployment;
        this.call = call;
        this.response = response;
        this.source = response.body().source();
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
                    close();
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

    /** Marks events the translator dropped. */
    private static final Event SKIP = Event.ofBytes(new byte[0]);

    /** Reads lines up to the next dispatched event; null at [DONE]. */
    private Event readEvent() throws IOException {
        String type = null;
        ByteArrayOutputStream data = null;
        byte[] single = null;
        while (true) {
            long newline = source.indexOf((byte) '\n', 0, MAX_EVENT_BYTES);
            if (newline < 0) {
                if (source.exhausted()) {
                    throw UpstreamException.broken(deployment + ": stream ended without [DONE]", null);
                }
                throw UpstreamException.broken(deployment + ": event larger than " + MAX_EVENT_BYTES + " bytes", null);
            }
            byte[] line = source.readByteArray(newline + 1);
            int length = line.length - 1;
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            if (length == 0) {
                if (single == null && data == null) {
                    type = null;
                    continue; // a blank line with nothing to dispatch
                }
                byte[] payload = data != null ? data.toByteArray() : single;
                return dispatch(type, payload);
            }
            if (startsWith(line, length, DATA)) {
                int from = DATA.length + (length > DATA.length && line[DATA.length] == ' ' ? 1 : 0);
                byte[] value = Arrays.copyOfRange(line, from, length);
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
            } else if (startsWith(line, length, EVENT)) {
                type = new String(line, EVENT.length, length - EVENT.length, StandardCharsets.UTF_8).trim();
            }
            // comments (":..."), id: and retry: lines carry nothing a gateway relays
        }
    }

    private Event dispatch(String type, byte[] payload) {
        if (Arrays.equals(payload, DONE)) {
            return null;
        }
        if (indexOf(payload, ERROR_FIELD) >= 0) {
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
            guard.close();
            if (!ended) {
                call.cancel(); // stop the upstream at once instead of draining its answer
            }
            try {
                response.close();
            } catch (RuntimeException ignored) {
                // closing while another thread's read fails on the cancelled call: nothing left to release
            }
        }
    }

    private static boolean startsWith(byte[] line, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
