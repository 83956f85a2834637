package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.core.time.Watchdog;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.memory.Session;
import dev.switchboard.retrieval.memory.SessionStore;
import dev.switchboard.retrieval.memory.Turn;
import dev.switchboard.retrieval.store.CollectionInfo;
import dev.switchboard.retrieval.store.Hit;
import dev.switchboard.server.GatewayState;
import dev.switchboard.server.retrieval.DocumentUploads;
import dev.switchboard.server.retrieval.RetrievalApi;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The retrieval API: collections ({@code POST/GET /v1/collections}, {@code GET/DELETE
 * /v1/collections/{name}}), their documents ({@code POST /v1/collections/{name}/documents},
 * {@code DELETE /v1/collections/{name}/documents/{id}} or {@code ?id=} for ids with a slash) and search ({@code POST
 * /v1/collections/{name}/query}), and conversation sessions ({@code POST /v1/sessions},
 * {@code GET/DELETE /v1/sessions/{id}}, {@code POST /v1/sessions/{id}/turns}; only a session's
 * creator may use it). Every caller with a key may search, and sees only what its
 * tenant and roles may read; writing needs a writer ({@link RetrievalApi#requireWriter}). Errors
 * are OpenAI-shaped.
 */
public final class RetrievalEndpoints {

    private static final System.Logger LOG = System.getLogger(RetrievalEndpoints.class.getName());
    /**
     * Content types read as JSON documents: JSON, none, and the form type {@code curl -d} sends by
     * default (the body is parsed as JSON all the same).
     */
    private static final Set<String> JSON_TYPES = Set.of("", "application/json", "text/json",
            "application/x-www-form-urlencoded");

    private final Supplier<GatewayState> state;
    private final Retrieval retrieval;
    private final SessionStore sessions;
    private final Ticker ticker;
    private final Watchdog watchdog;
    private final DocumentUploads uploads;

    public RetrievalEndpoints(Supplier<GatewayState> state, Retrieval retrieval, SessionStore sessions, Ticker ticker,
                              Watchdog watchdog) {
        this.state = state;
        this.retrieval = retrieval;
        this.sessions = sessions;
        this.ticker = ticker;
        this.watchdog = watchdog;
        this.uploads = new DocumentUploads(retrieval);
    }

    /** Adds the endpoints to a routing; before {@link OpenAiEndpoints}, whose catch-all answers 404. */
    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/collections", (req, res) -> handle(req, res, 201, (caller, body) -> {
                    RetrievalApi.requireWriter(caller);
                    if (!(body instanceof ObjectNode object) || !object.path("name").isTextual()) {
                        throw Errors.badRequest("name", "'name' must be a string, e.g. {\"name\": \"handbook\"}");
                    }
                    JsonNode model = object.get("model");
                    if (model != null && !model.isNull() && !model.isTextual()) {
                        throw Errors.badRequest("model", "'model' must be a string");
                    }
                    CollectionInfo info = retrieval.create(object.get("name").textValue(),
                            model == null || model.isNull() ? null : model.textValue());
                    return RetrievalApi.collection(info, 0);
                }))
                .get("/v1/collections", (req, res) -> handle(req, res, 200, (caller, body) -> {
                    ObjectNode answer = Json.object();
                    answer.put("object", "list");
                    ArrayNode data = answer.putArray("data");
                    for (CollectionInfo info : retrieval.collections()) {
                        data.add(RetrievalApi.collection(info, retrieval.count(info.name())));
                    }
                    return answer;
                }))
                .get("/v1/collections/{name}", (req, res) -> handle(req, res, 200, (caller, body) -> {
                    String name = param(req, "name");
                    return RetrievalApi.collection(retrieval.collection(name), retrieval.count(name));
                }))
                .delete("/v1/collections/{name}", (req, res) -> handle(req, res, 200, (caller, body) -> {
                    RetrievalApi.requireWriter(caller);
                    String name = param(req, "name");
                    retrieval.drop(name);
                    return Json.object().put("object", "collection.deleted").put("name", name).put("deleted", true);
                }))
                .post("/v1/collections/{name}/documents", this::documents)
                .delete("/v1/collections/{name}/documents", (req, res) -> handle(req, res, 200, (caller, body) -> {
                    String id = req.query().first("id").orElseThrow(() -> Errors.badRequest("id",
                            "name the document: DELETE /v1/collections/{name}/documents?id=DOCUMENT_ID"));
                    return deleteDocument(caller, param(req, "name"), id);
                }))
                .delete("/v1/collections/{name}/documents/{id}", (req, res) -> handle(req, res, 200,
                        (caller, body) -> deleteDocument(caller, param(req, "name"), param(req, "id"))))
                .post("/v1/collections/{name}/query", (req, res) -> handle(req, res, 200, (caller, body) -> {
                    String name = param(req, "name");
                    Retrieval.Query query = RetrievalApi.query(body, caller);
                    List<Hit> hits = retrieval.search(name, query);
                    return RetrievalApi.hits(hits, query.mode(), retrieval.collection(name));
                }))
                .post("/v1/sessions", (req, res) -> handle(req, res, 201, (caller, body) -> {
                    JsonNode goal = body.get("goal");
                    if (goal != null && !goal.isNull() && !goal.isTextual()) {
                        throw Errors.badRequest("goal", "'goal' must be a string");
                    }
                    return session(sessions.create(caller.id(), goal == null || goal.isNull() ? "" : goal.textValue()));
                }))
                .get("/v1/sessions/{id}", (req, res) -> handle(req, res, 200,
                        (caller, body) -> session(ownSession(caller, param(req, "id")))))
                .post("/v1/sessions/{id}/turns", (req, res) -> handle(req, res, 200, (caller, body) -> {
                    Session session = ownSession(caller, param(req, "id"));
                    String role = body.path("role").asText("");
                    if (!role.equals("user") && !role.equals("assistant") || !body.path("content").isTextual()) {
                        throw Errors.badRequest("role", "a turn is {\"role\": \"user\" or \"assistant\", \"content\": \"...\"}");
                    }
                    sessions.append(session.id(), List.of(new Turn(role, body.get("content").textValue())));
                    return session(ownSession(caller, session.id()));
                }))
                .delete("/v1/sessions/{id}", (req, res) -> handle(req, res, 200, (caller, body) -> {
                    sessions.delete(ownSession(caller, param(req, "id")).id());
                    return Json.object().put("object", "session.deleted").put("id", param(req, "id")).put("deleted", true);
                }));
    }

    private ObjectNode deleteDocument(Caller caller, String name, String id) {
        RetrievalApi.requireWriter(caller);
        if (!retrieval.delete(name, id)) {
            throw new ApiException(new ApiError(404, "invalid_request_error", "document_not_found", "id",
                    "collection '" + name + "' has no document '" + id + "'"));
        }
        retrieval.commit();
        return Json.object().put("object", "document.deleted").put("id", id).put("deleted", true);
    }

    private Session ownSession(Caller caller, String id) {
        return sessions.get(id).filter(s -> s.owner().equals(caller.id())).orElseThrow(() -> new ApiException(
                new ApiError(404, "invalid_request_error", "session_not_found", "id", "session '" + id + "' does not exist")));
    }

    private static ObjectNode session(Session session) {
        ObjectNode object = Json.object();
        object.put("object", "session");
        object.put("id", session.id());
        object.put("goal", session.goal());
        ArrayNode turns = object.putArray("turns");
        for (Turn turn : session.turns()) {
            turns.addObject().put("role", turn.role()).put("content", turn.content());
        }
        return object;
    }

    /** One operation of the API, given its caller and its JSON body (null for GET and DELETE). */
    @FunctionalInterface
    private interface ApiOperation {
        ObjectNode apply(Caller caller, JsonNode body);
    }

    /**
     * {@code POST /v1/collections/{name}/documents}: JSON documents, or files as multipart/form-data
     * ({@link DocumentUploads}). The caller, its right to write and the collection are checked before
     * the body is read; other content types get 415.
     */
    private void documents(ServerRequest req, ServerResponse res) {
        respond(req, res, 200, (caller, current) -> {
            RetrievalApi.requireWriter(caller);
            String name = param(req, "name");
            retrieval.collection(name);
            String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
            String boundary = MultipartReader.boundary(contentType);
            if (boundary != null) {
                return upload(req, caller, name, boundary, current);
            }
            String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals("multipart/form-data")) {
                throw Errors.badRequest(null, "multipart/form-data needs a boundary parameter in its Content-Type");
            }
            if (!JSON_TYPES.contains(type) && !type.endsWith("+json")) {
                throw new ApiException(new ApiError(415, "invalid_request_error", "unsupported_media_type", null,
                        "Content-Type '" + type + "' is not accepted here: send JSON ({\"documents\": [...]}) or files as"
                                + " multipart/form-data (curl -F file=@handbook.pdf)"));
            }
            List<Retrieval.Outcome> outcomes = retrieval.ingest(name, RetrievalApi.documents(jsonBody(req, current), caller));
            retrieval.commit();
            return RetrievalApi.outcomes(outcomes);
        });
    }

    private ObjectNode upload(ServerRequest req, Caller caller, String name, String boundary, GatewayState current) {
        long maxBytes = current.config().retrieval().maxUploadBytes();
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            throw uploadTooLarge(maxBytes);
        }
        try (DocumentUploads.Received received = receive(req, boundary, maxBytes, current)) {
            return uploads.ingest(name, caller, received); // not under the read watchdog: embedding may take long
        }
    }

    /** Reads an upload off the wire, the watchdog dropping a client that stalls. */
    private DocumentUploads.Received receive(ServerRequest req, String boundary, long maxBytes, GatewayState current) {
        Watchdog.Guard guard = watchdog.arm(Thread.currentThread()::interrupt);
        try {
            InputStream body = new LimitedBody(req.content().inputStream(), maxBytes, guard,
                    current.config().server().readTimeout());
            return uploads.receive(new MultipartReader(body, boundary, DocumentUploads.MAX_PARTS));
        } catch (ApiException e) {
            throw e.error().status() == 413 ? uploadTooLarge(maxBytes) : e;
        } catch (IOException e) {
            throw new CloseConnectionException(guard.fired() ? "client stalled while sending its upload"
                    : "client connection failed while sending its upload", e);
        } finally {
            guard.close();
            if (guard.fired()) {
                Thread.interrupted(); // the interrupt was only for the blocked read
            }
        }
    }

    private static ApiException uploadTooLarge(long maxBytes) {
        return new ApiException(new ApiError(413, "invalid_request_error", "request_too_large", null,
                "The upload exceeds the limit of " + maxBytes + " bytes (retrieval.max_upload_bytes); send fewer or"
                        + " smaller files per request."));
    }

    /** One operation of the API, given its caller and the gateway's current state. */
    @FunctionalInterface
    private interface Operation {
        ObjectNode apply(Caller caller, GatewayState current);
    }

    private void handle(ServerRequest req, ServerResponse res, int status, ApiOperation operation) {
        respond(req, res, status, (caller, current) -> operation.apply(caller,
                req.prologue().method().text().equals("POST") ? jsonBody(req, current) : null));
    }

    private JsonNode jsonBody(ServerRequest req, GatewayState current) {
        byte[] bytes = BodyReader.read(req, current.config().server().maxBodyBytes(), watchdog,
                current.config().server().readTimeout());
        return new Exchange(dev.switchboard.core.pipeline.Operation.CHAT_COMPLETIONS, "retrieval", name -> null, bytes,
                ticker.read()).body();
    }

    /** Authenticates, runs the operation and answers its JSON, or the OpenAI-shaped error. */
    private void respond(ServerRequest req, ServerResponse res, int status, Operation operation) {
        String requestId = req.headers().first(ResponseWriter.name(OpenAiEndpoints.REQUEST_ID)).orElse(null);
        if (requestId != null) {
            res.header(ResponseWriter.name(OpenAiEndpoints.REQUEST_ID), requestId);
        }
        GatewayState current = state.get();
        try {
            Caller caller = current.auth().authenticate(name -> req.headers().first(ResponseWriter.name(name)).orElse(null));
            ObjectNode answer = operation.apply(caller, current);
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(answer));
        } catch (ApiException e) {
            ResponseWriter.error(e, res);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            // documents and queries may hold personal data: the log gets the failure's type and the path only
            LOG.log(System.Logger.Level.ERROR, "retrieval request " + req.prologue().method().text() + " "
                    + req.path().path() + " failed: " + e.getClass().getName() + ": "
                    + current.privacy().logs().redact(String.valueOf(e.getMessage())));
            ResponseWriter.error(new ApiException(new ApiError(500, "server_error", "internal_error", null,
                    "Internal error; it has been logged.")), res);
        }
    }

    private static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }
}
