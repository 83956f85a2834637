package dev.switchboard.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the simulator's HTTP answers: JSON bodies in one write with {@code Content-Length}, and
 * errors in OpenAI's shape {@code {"error":{"message","type","param","code"}}}. Every answer
 * carries {@code x-switchboard-simulator: true}. Stateless.
 */
final class Responses {

    static final Header SIMULATOR = HeaderValues.createCached("x-switchboard-simulator", "true");
    static final Header JSON = HeaderValues.CONTENT_TYPE_JSON;
    static final Header EVENT_STREAM = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/event-stream");
    static final Header NO_CACHE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-cache");

    private Responses() {
    }

    /** Sends {@code length} bytes of {@code body} from offset 0 as a JSON answer. */
    static void json(ServerResponse res, int status, byte[] body, int length) {
        res.status(Status.create(status));
        res.header(SIMULATOR);
        res.header(JSON);
        res.send(body, 0, length);
    }

    static void json(ServerResponse res, int status, byte[] body) {
        json(res, status, body, body.length);
    }

    /** 400 {@code invalid_request_error} naming the offending parameter. */
    static void invalidRequest(ServerResponse res, InvalidRequestException e) {
        json(res, 400, errorBody(e.getMessage(), "invalid_request_error", e.param(), null));
    }

    /** 404 for a path or method the simulator does not serve, worded as OpenAI words it. */
    static void notFound(ServerResponse res, String method, String path) {
        json(res, 404, errorBody("Invalid URL (" + method + " " + path + "). The switchboard simulator serves "
                + "POST /v1/chat/completions, POST /v1/embeddings, GET /v1/models and GET /health.",
                "invalid_request_error", null, null));
    }

    /**
     * Acts on a status or hang fault: answers the status, or holds the request until the
     * simulator closes (then drops it). Counts the fault.
     *
     * @return whether the request was dealt with; false for no fault and for a disconnect, which
     *     the streaming answer itself carries out
     */
    static boolean injectedFault(ServerResponse res, Fault fault, SimulatorState state, SimulatorConfig config) {
        switch (fault.kind()) {
            case STATUS -> {
                state.counters.faultsInjected.increment();
                fault(res, fault.status(), config.retryAfterSeconds());
                return true;
            }
            case HANG -> {
                state.counters.faultsInjected.increment();
                state.hang();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** An injected fault status: 429 with {@code retry-after}, 5xx as {@code server_error}. */
    static void fault(ServerResponse res, int status, long retryAfterSeconds) {
        if (status == 429) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        json(res, status, FaultBodies.of(status));
    }

    static byte[] errorBody(String message, String type, String param, String code) {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = Json.object();
        body.set("error", error);
        return Json.bytes(body);
    }

    /** Fault bodies built once per status. */
    private static final class FaultBodies {
        private static final Map<Integer, byte[]> BY_STATUS = new ConcurrentHashMap<>();

        static byte[] of(int status) {
            return BY_STATUS.computeIfAbsent(status, FaultBodies::build);
        }

        private static byte[] build(int status) {
            if (status == 429) {
                return errorBody("Simulated rate limit (switchboard simulator)", "rate_limit_error",
                        null, "rate_limit_exceeded");
            }
            String type = status >= 500 ? "server_error" : "invalid_request_error";
            return errorBody("Simulated HTTP " + status + " error (switchboard simulator)", type, null, null);
        }
    }
}
