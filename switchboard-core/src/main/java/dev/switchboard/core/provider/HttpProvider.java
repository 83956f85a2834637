package dev.switchboard.core.provider;

import dev.switchboard.core.config.Durations;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.observe.TraceParent;
import dev.switchboard.core.spi.UpstreamRequest;
import dev.switchboard.core.time.Watchdog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A provider reached over HTTP with OpenAI's response shapes: JSON bodies, server-sent events
 * ending in {@code data: [DONE]}, and {@code {"error": ...}} error bodies. Subclasses say where
 * requests go and with which headers; an adapter for another API overrides {@link #requestBody}
 * and {@link #streamTranslator} too.
 */
public abstract class HttpProvider implements Provider {

    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final String name;
    private final UpstreamHttp http;
    private final Origin origin;
    private final String basePath;
    private final String fixedHeaders;
    private final boolean streamUsage;

    /**
     * @param baseUrl absolute http(s) URL; its path is the {@link #basePath()} requests go below
     * @param headers sent with every request (authentication, configured extras)
     * @param streamUsage whether the upstream understands {@code stream_options.include_usage}
     * @throws IllegalArgumentException when the URL or a header cannot be used
     */
    protected HttpProvider(String name, String baseUrl, Map<String, String> headers, boolean streamUsage,
                           UpstreamHttp http) {
        this.name = name;
        this.streamUsage = streamUsage;
        this.http = http;
        URI url = URI.create(baseUrl);
        this.origin = Origin.of(url);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        StringBuilder fixed = new StringBuilder(128)
                .append("Host: ").append(origin.hostHeader()).append("\r\n")
                .append("User-Agent: switchboard\r\n")
                .append("Content-Type: application/json\r\n");
        headers.forEach((header, value) -> fixed.append(checkHeader(header, value)).append(": ").append(value).append("\r\n"));
        this.fixedHeaders = fixed.toString();
    }

    /** The provider's name in config. */
    public String name() {
        return name;
    }

    /** The path of the base URL, without a trailing slash (e.g. {@code /v1}). */
    protected final String basePath() {
        return basePath;
    }

    /** The path and query of one attempt, e.g. {@code /v1/chat/completions}. */
    protected abstract String path(UpstreamRequest request);

    /**
     * The JSON bytes sent upstream: by default the client's body with the upstream model set and,
     * for streams, {@code stream_options.include_usage} so that usage can be accounted exactly.
     */
    protected byte[] requestBody(UpstreamRequest request) {
        return RequestBodies.withModel(request.body(), request.upstreamModel(), request.stream() && streamUsage);
    }

    /** Turns the upstream's stream events into OpenAI chunk events; by default they already are. */
    protected StreamTranslator streamTranslator(UpstreamRequest request) {
        return StreamTranslator.IDENTITY;
    }

    @Override
    public final EventStream open(UpstreamRequest request) {
        String deployment = name + "/" + request.upstreamModel();
        HttpCall call = http.newCall(origin, requestBytes(request), request.upstreamWait());
        Watchdog.Guard guard = http.watchdog().arm(call::cancel);
        Duration firstWait = request.stream() ? request.timeouts().firstToken() : Duration.ZERO;
        guard.expireIn(firstWait, request.deadlineNanos());
        try {
            call.execute(request.timeouts().connect());
            if (call.status() / 100 != 2) {
                byte[] body = call.readBody(MAX_ERROR_BODY_BYTES);
                throw UpstreamErrors.fromStatus(deployment, call.status(), call.header("retry-after"),
                        call.header("retry-after-ms"), call.header("date"), body);
            }
            if (request.stream()) {
                return new SseEventStream(deployment, call, guard, request, streamTranslator(request));
            }
            byte[] bytes = call.readBody();
            guard.close();
            call.close();
            return EventStream.of(List.of(Event.ofBytes(bytes)));
        } catch (IOException e) {
            boolean timedOut = guard.fired();
            guard.close();
            call.close();
            throw UpstreamErrors.fromIo(deployment, e, timedOut, firstWait.isZero()
                    ? "no complete answer before the request's total timeout"
                    : "no first token within " + Durations.format(firstWait) + " (or the total timeout passed)");
        } catch (RuntimeException e) {
            guard.close();
            call.close();
            throw e;
        }
    }

    /** {@code text} without the characters a header value must not carry (controls, spaces, non-ASCII). */
    static String visibleAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                StringBuilder kept = new StringBuilder(text.length()).append(text, 0, i);
                text.chars().skip(i + 1).filter(k -> k >= 0x21 && k <= 0x7e).forEach(k -> kept.append((char) k));
                return kept.toString();
            }
        }
        return text; // nearly always: request ids are checked or generated
    }

    private byte[] requestBytes(UpstreamRequest request) {
        byte[] body = requestBody(request);
        String head = "POST " + path(request) + " HTTP/1.1\r\n" + fixedHeaders
                + (request.stream() ? "Accept: text/event-stream\r\n" : "Accept: application/json\r\n")
                + "X-Request-Id: " + visibleAscii(request.requestId()) + "\r\n"
                + (TraceParent.isValid(request.traceParent()) ? "traceparent: " + request.traceParent() + "\r\n" : "")
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return bytes;
    }

    private static String checkHeader(String header, String value) {
        if (!header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || value == null || !value.matches("[\\x20-\\x7e\\t]*")) {
            throw new IllegalArgumentException("header '" + header + "' needs a token name and a printable ASCII value");
        }
        return header;
    }
}
