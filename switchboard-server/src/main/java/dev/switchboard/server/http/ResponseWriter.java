package dev.switchboard.server.http;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.spi.UpstreamException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes pipeline results to HTTP: JSON bodies, server-sent event streams, and errors in OpenAI's
 * shape. A stream that fails after it started ends with an error event and without
 * {@code data: [DONE]}, so no client mistakes a broken answer for a complete one; so does a stream
 * that an interceptor stops with an {@link ApiException} (a guard on the answer).
 */
final class ResponseWriter {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, HeaderName> NAMES = new ConcurrentHashMap<>();

    /** What happened to a streamed response. */
    enum StreamOutcome { COMPLETED, UPSTREAM_FAILED, STOPPED, CLIENT_GONE }

    private ResponseWriter() {
    }

    /**
     * Sends a non-streaming response: its single event as the JSON body.
     *
     * @param ready runs once the body is ready, before the head is written (and not if the body
     *     fails: the caller's error path takes over)
     */
    static void json(Response response, ServerResponse http, Runnable ready) {
        EventStream events = response.events();
        try {
            Event event = events.next();
            ready.run();
            headers(response.headers(), http);
            http.header(HeaderNames.CONTENT_TYPE, "application/json");
            http.send(event.bytes());
        } finally {
            events.close();
        }
    }

    /**
     * Sends a response as server-sent events, flushing each event as it comes.
     *
     * @return how the stream ended; the events are closed in every case, which cancels the
     *     upstream if it is still running
     */
    static StreamOutcome stream(Response response, ServerResponse http) {
        EventStream events = response.events();
        try {
            headers(response.headers(), http);
            http.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            http.header(HeaderNames.CACHE_CONTROL, "no-cache");
            http.header(name("x-accel-buffering"), "no");
            OutputStream out = http.outputStream();
            try {
                while (true) {
                    Event event;
                    try {
                        event = events.next();
                    } catch (UpstreamException failure) {
                        writeEvent(out, Json.bytes(streamError(failure).toJson()));
                        out.close();
                        return StreamOutcome.UPSTREAM_FAILED;
                    } catch (ApiException stopped) {
                        // an interceptor stopped the answer (a guard blocked its next sentence)
                        writeEvent(out, Json.bytes(stopped.error().toJson()));
                        out.close();
                        return StreamOutcome.STOPPED;
                    }
                    if (event == null) {
                        out.write(DONE);
                        out.close();
                        return StreamOutcome.COMPLETED;
                    }
                    writeEvent(out, event.bytes());
                }
            } catch (IOException | UncheckedIOException | CloseConnectionException clientGone) {
                return StreamOutcome.CLIENT_GONE;
            }
        } finally {
            events.close();
        }
    }

    /** Sends an error in OpenAI's shape, with the exception's headers. */
    static void error(ApiException e, ServerResponse http) {
        ApiError error = e.error();
        http.status(Status.create(error.status()));
        headers(e.headers(), http);
        if (error.status() == 413) {
            http.header(HeaderNames.CONNECTION, "close"); // the rest of the body was not read
        }
        http.header(HeaderNames.CONTENT_TYPE, "application/json");
        http.send(Json.bytes(error.toJson()));
    }

    /** The error event that ends a stream whose upstream failed after the stream began. */
    static ApiError streamError(UpstreamException failure) {
        boolean timeout = failure.kind() == UpstreamException.Kind.TIMEOUT;
        return new ApiError(timeout ? 504 : 502, "server_error", timeout ? "upstream_timeout" : "stream_interrupted",
                null, "The answer was interrupted: " + failure.getMessage()
                + ". The response is incomplete; retry the request.");
    }

    static HeaderName name(String lowerCase) {
        return NAMES.computeIfAbsent(lowerCase, HeaderNames::create);
    }

    private static void headers(Map<String, String> headers, ServerResponse http) {
        headers.forEach((name, value) -> http.header(name(name), value));
    }

    private static void writeEvent(OutputStream out, byte[] json) throws IOException {
        byte[] frame = new byte[DATA.length + json.length + EVENT_END.length];
        System.arraycopy(DATA, 0, frame, 0, DATA.length);
        System.arraycopy(json, 0, frame, DATA.length, json.length);
        System.arraycopy(EVENT_END, 0, frame, DATA.length + json.length, EVENT_END.length);
        out.write(frame);
        out.flush();
    }
}
