package dev.switchboard.server.http;

import dev.switchboard.core.pipeline.Exchange;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/**
 * Where a model request's time went, as the W3C {@code Server-Timing} response header shows it:
 * {@code Server-Timing: gateway;dur=0.412, upstream;dur=1.203} (milliseconds).
 *
 * <p>{@code upstream} is the time the request waited on upstreams: connecting, blocked on their
 * responses, and back-offs between attempts ({@link dev.switchboard.core.pipeline.UpstreamWait}).
 * {@code gateway} is the rest of the time from the request handler's start (the request line and
 * headers already parsed) until the answer is ready to send — for a non-streaming request the
 * whole body, for a stream its head, once the first token arrived — so it covers reading the
 * body, every interceptor (auth, limits and their Redis round trips, guards, redaction, retrieval),
 * and processing the answer. It leaves out the network hop and writing the answer.
 *
 * @param gatewayNanos the gateway's own time, never negative
 * @param upstreamNanos the time waiting on upstreams
 */
record ServerTiming(long gatewayNanos, long upstreamNanos) {

    static final HeaderName HEADER = HeaderNames.create("Server-Timing");

    /** The timing of {@code exchange} when its answer is ready at {@code readyNanos} (its ticker). */
    static ServerTiming of(Exchange exchange, long readyNanos) {
        long upstream = exchange.upstreamWait().nanos();
        return new ServerTiming(Math.max(0, readyNanos - exchange.startNanos() - upstream), upstream);
    }

    /** The header's value, durations in milliseconds with microsecond precision. */
    String headerValue() {
        return "gateway;dur=" + millis(gatewayNanos) + ", upstream;dur=" + millis(upstreamNanos);
    }

    private static String millis(long nanos) {
        long micros = (nanos + 500) / 1000;
        String fraction = Long.toString(1000 + micros % 1000).substring(1);
        return micros / 1000 + "." + fraction;
    }
}
