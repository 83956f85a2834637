package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.RequestHeaders;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.tenancy.ModelAccessInterceptor;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.core.time.Watchdog;
import dev.switchboard.server.GatewayState;
import dev.switchboard.server.observability.GatewayMetrics;
import dev.switchboard.server.observability.LogContext;
import dev.switchboard.server.guard.ModerationsApi;
import dev.switchboard.server.privacy.RedactApi;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The OpenAI-compatible HTTP surface: adapts requests to {@link Exchange}s, runs them through the
 * current pipeline, and writes the results. Every failure leaves as an OpenAI-shaped error; no
 * exception or stack trace reaches a client.
 */
public final class OpenAiEndpoints {

    private static final System.Logger LOG = System.getLogger(OpenAiEndpoints.class.getName());
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    static final String REQUEST_ID = "x-request-id";
    /** Key metadata that allows {@code /v1/redact} to return found text. */
    static final String RETURN_TEXT_METADATA = "pii_return_text";

    private final Supplier<GatewayState> state;
    private final Ticker ticker;
    private final Supplier<String> requestIds;
    private final Watchdog watchdog;
    private final LoadShedder shedder;
    private final ObjIntConsumer<String> refused;
    private final ObjLongConsumer<String> gatewayTime;

    /**
     * @param state the current gateway state, read once per request
     * @param requestIds generates ids for requests that bring none
     * @param watchdog enforces the read timeout on request bodies
     * @param shedder refuses new requests while the server is overloaded
     * @param refused told of each request refused before the pipeline: its route (a known endpoint
     *     or {@code _unknown}) and status
     * @param gatewayTime told of the gateway's own time on each model request the pipeline
     *     answered: its route and the nanoseconds (as in {@link ServerTiming})
     */
    public OpenAiEndpoints(Supplier<GatewayState> state, Ticker ticker, Supplier<String> requestIds,
                           Watchdog watchdog, LoadShedder shedder, ObjIntConsumer<String> refused,
                           ObjLongConsumer<String> gatewayTime) {
        this.state = state;
        this.ticker = ticker;
        this.requestIds = requestIds;
        this.watchdog = watchdog;
        this.shedder = shedder;
        this.refused = refused;
        this.gatewayTime = gatewayTime;
    }

    /** Adds the endpoints to a routing. */
    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/chat/completions", (req, res) -> call(Operation.CHAT_COMPLETIONS, req, res))
                .post("/v1/embeddings", (req, res) -> call(Operation.EMBEDDINGS, req, res))
                .get("/v1/models", this::models)
                .post("/v1/redact", this::redact)
                .post("/v1/moderations", this::moderations)
                .get("/health", (req, res) -> res.header(HeaderNames.CONTENT_TYPE, "application/json")
                        .send("{\"status\":\"ok\"}"))
                .any("/v1/chat/completions", this::methodNotAllowed)
                .any("/v1/embeddings", this::methodNotAllowed)
                .any("/v1/models", this::methodNotAllowed)
                .any("/v1/redact", this::methodNotAllowed)
                .any("/v1/moderations", this::methodNotAllowed)
                .any(this::notFound);
    }

    private void call(Operation operation, ServerRequest req, ServerResponse res) {
        long start = ticker.read();
        String requestId = requestId(req, res);
        try (LogContext.Scope logged = LogContext.enter(requestId)) { // log lines while serving it carry its ids
            call(operation, req, res, start, requestId);
        }
    }

    private void call(Operation operation, ServerRequest req, ServerResponse res, long start, String requestId) {
        GatewayState current = state.get();
        String route = "/v1" + operation.path();
        Exchange exchange = null;
        try {
            admit(current, route);
            byte[] body = readBody(req, current, route);
            exchange = new Exchange(operation, requestId, headers(req), body, start);
            Response response = current.pipeline().execute(exchange);
            Exchange answered = exchange;
            if (exchange.stream()) {
                answerReady(current, route, answered, res); // the first token is in: the head goes now
                ResponseWriter.StreamOutcome outcome = ResponseWriter.stream(response, res);
                if (outcome != ResponseWriter.StreamOutcome.COMPLETED) {
                    LOG.log(System.Logger.Level.INFO, () -> "request " + requestId + ": stream ended early ("
                            + outcome.name().toLowerCase().replace('_', ' ') + ")");
                }
            } else {
                ResponseWriter.json(response, res, () -> answerReady(current, route, answered, res));
            }
        } catch (ApiException e) {
            if (e.error().status() >= 500 && !LoadShedder.isShed(e)) { // shed requests are counted, not logged
                // upstream error messages may quote the request: its personal data stays out of the log
                LOG.log(System.Logger.Level.WARNING, "request " + requestId + " failed: " + e.error().status() + " "
                        + current.privacy().logs().redact(e.error().message()));
            }
            if (exchange != null) {
                answerReady(current, route, exchange, res);
            }
            ResponseWriter.error(e, res);
        } catch (CloseConnectionException e) {
            throw e; // the client is gone or stalled: Helidon drops the connection
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed unexpectedly",
                    current.privacy().logs().redact(e));
            try {
                ResponseWriter.error(new ApiException(new ApiError(500, "server_error", "internal_error", null,
                        "Internal error (request " + requestId + "); it has been logged.")), res);
            } catch (RuntimeException alreadyStreaming) {
                // the response had begun: the broken connection is all the client can be told
            }
        }
    }

    /**
     * The pipeline's answer is ready to send: records the gateway's own time so far and, unless
     * turned off, sends it in {@code Server-Timing}. Must come before the response head is written.
     */
    private void answerReady(GatewayState current, String route, Exchange exchange, ServerResponse res) {
        ServerTiming timing = ServerTiming.of(exchange, ticker.read());
        gatewayTime.accept(route, timing.gatewayNanos());
        if (current.config().server().serverTiming()) {
            res.header(ServerTiming.HEADER, timing.headerValue());
        }
    }

    private void models(ServerRequest req, ServerResponse res) {
        requestId(req, res);
        GatewayState current = state.get();
        Caller caller;
        try {
            caller = current.auth().authenticate(name -> req.headers().first(ResponseWriter.name(name)).orElse(null));
        } catch (ApiException e) {
            ResponseWriter.error(e, res);
            return;
        }
        ArrayNode data = Json.array();
        for (String name : current.routes().names()) {
            if (!ModelAccessInterceptor.mayUse(caller, name)) {
                continue; // a key limited to some models sees only those
            }
            ObjectNode model = data.addObject();
            model.put("id", name);
            model.put("object", "model");
            model.put("created", 0);
            model.put("owned_by", current.simulatedModels().contains(name) ? "switchboard-simulator" : "switchboard");
        }
        ObjectNode body = Json.object();
        body.put("object", "list");
        body.set("data", data);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(body));
    }

    private void redact(ServerRequest req, ServerResponse res) {
        answerJson(req, res, (current, caller, exchange) -> RedactApi.redact(exchange.body(), current.privacy(),
                current.privacy().policies().forCaller(caller), mayReturnText(caller)));
    }

    private void moderations(ServerRequest req, ServerResponse res) {
        answerJson(req, res, (current, caller, exchange) -> ModerationsApi.moderate(exchange.body(),
                current.guards().policies().forCaller(caller), exchange.requestId()));
    }

    /** Computes a JSON answer from an authenticated request's body, outside the pipeline. */
    @FunctionalInterface
    private interface JsonAnswer {
        ObjectNode answer(GatewayState current, Caller caller, Exchange exchange);
    }

    /**
     * Serves a JSON API next to the pipeline ({@code /v1/redact}, {@code /v1/moderations}):
     * authenticates, reads the body within the server's limits, sends {@code answer}'s result, and
     * turns failures into OpenAI-shaped errors (an unexpected one logged with personal data redacted).
     */
    private void answerJson(ServerRequest req, ServerResponse res, JsonAnswer answer) {
        String requestId = requestId(req, res);
        GatewayState current = state.get();
        try {
            String route = req.path().path();
            admit(current, route);
            Caller caller = current.auth().authenticate(headers(req));
            byte[] body = readBody(req, current, route);
            Exchange exchange = new Exchange(Operation.CHAT_COMPLETIONS, requestId, headers(req), body, ticker.read());
            ObjectNode result = answer.answer(current, caller, exchange);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(result));
        } catch (ApiException e) {
            ResponseWriter.error(e, res);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed unexpectedly",
                    current.privacy().logs().redact(e));
            ResponseWriter.error(new ApiException(new ApiError(500, "server_error", "internal_error", null,
                    "Internal error (request " + requestId + "); it has been logged.")), res);
        }
    }

    /** Load shedding; a refusal is counted under {@code route}. */
    private void admit(GatewayState current, String route) {
        try {
            shedder.admit(current.config().server().maxSchedulingDelay());
        } catch (ApiException e) {
            refused.accept(route, e.error().status());
            throw e;
        }
    }

    /** Reads the body within the server's limits; a refusal is counted under {@code route}. */
    private byte[] readBody(ServerRequest req, GatewayState current, String route) {
        try {
            return BodyReader.read(req, current.config().server().maxBodyBytes(), watchdog,
                    current.config().server().readTimeout());
        } catch (ApiException e) {
            refused.accept(route, e.error().status());
            throw e;
        }
    }

    /**
     * Whether a caller may have the text of findings returned by {@code /v1/redact}: the master key,
     * or a key whose metadata has {@value #RETURN_TEXT_METADATA}{@code =true}.
     */
    static boolean mayReturnText(Caller caller) {
        return caller.master() || caller.key() != null
                && "true".equals(caller.key().metadata().get(RETURN_TEXT_METADATA));
    }

    private void methodNotAllowed(ServerRequest req, ServerResponse res) {
        requestId(req, res);
        refused.accept(req.path().path(), 405); // only known endpoints reach here: a bounded label
        ResponseWriter.error(Errors.methodNotAllowed(req.prologue().method().text(), req.path().path()), res);
    }

    private void notFound(ServerRequest req, ServerResponse res) {
        requestId(req, res);
        refused.accept(GatewayMetrics.UNKNOWN, 404);
        ResponseWriter.error(Errors.notFound(req.prologue().method().text(), req.path().path()), res);
    }

    private String requestId(ServerRequest req, ServerResponse res) {
        String id = req.headers().first(ResponseWriter.name(REQUEST_ID)).orElse(null);
        if (id == null || !CLIENT_REQUEST_ID.matcher(id).matches()) {
            id = requestIds.get();
        }
        res.header(ResponseWriter.name(REQUEST_ID), id);
        return id;
    }

    private static RequestHeaders headers(ServerRequest req) {
        return name -> req.headers().first(ResponseWriter.name(name)).orElse(null);
    }
}
