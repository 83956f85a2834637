package dev.switchboard.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.config.TimeoutsConfig;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.UpstreamWait;

/**
 * One attempt to send a client's request to one deployment.
 *
 * @param operation what to call
 * @param upstreamModel the model name the upstream knows; replaces the client's {@code model}
 * @param body the client's JSON body (possibly rewritten by interceptors); providers must not
 *     modify it — several attempts may send the same body
 * @param stream whether the client asked for a stream of events
 * @param requestId the gateway's request id, to propagate upstream for correlation
 * @param timeouts connect, first-token and idle timeouts of this attempt
 * @param deadlineNanos absolute end of the whole request on the upstream ticker
 *     ({@link dev.switchboard.core.time.Watchdog#NONE}: none)
 * @param traceParent the W3C {@code traceparent} header to send (the attempt's span), or null
 * @param upstreamWait where the provider adds the time it waits on the upstream (connecting, and blocking
 *     on the response, the returned stream's reads included), so that the gateway can tell its own
 *     time from the upstream's
 */
public record UpstreamRequest(Operation operation, String upstreamModel, ObjectNode body, boolean stream,
                              String requestId, TimeoutsConfig timeouts, long deadlineNanos, String traceParent,
                              UpstreamWait upstreamWait) {

    public UpstreamRequest {
        upstreamWait = upstreamWait != null ? upstreamWait : UpstreamWait.NONE;
    }

    /** An attempt without trace context whose waits are not counted. */
    public UpstreamRequest(Operation operation, String upstreamModel, ObjectNode body, boolean stream,
                           String requestId, TimeoutsConfig timeouts, long deadlineNanos) {
        this(operation, upstreamModel, body, stream, requestId, timeouts, deadlineNanos, null, null);
    }
}
