package dev.switchboard.core.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One client request on its way through the pipeline: the operation, the JSON body, the client's
 * headers, and what interceptors learn about it on the way.
 *
 * <p>The body is parsed on first use, so that interceptors ahead of that (authentication) reject
 * requests without paying for it. Interceptors may change the parsed body (a redactor rewrites
 * messages); the model the client asked for stays available as {@link #requestedModel()}.
 *
 * <p>Not thread-safe: an exchange belongs to the one thread serving its request.
 */
public final class Exchange {

    private final Operation operation;
    private final String requestId;
    private final RequestHeaders headers;
    private final long startNanos;
    private final Map<Attribute<?>, Object> attributes = new HashMap<>(8);
    private final UpstreamWait upstreamWait = new UpstreamWait();
    private byte[] rawBody;
    private ObjectNode body;
    private String requestedModel;

    /**
     * @param operation what the client called
     * @param requestId the client's {@code x-request-id} or one generated for it
     * @param headers the client's request headers
     * @param rawBody the request body as received: UTF-8 JSON, not yet parsed; not copied
     * @param startNanos when the request arrived, on the pipeline's ticker
     */
    public Exchange(Operation operation, String requestId, RequestHeaders headers, byte[] rawBody, long startNanos) {
        this(operation, requestId, headers, Objects.requireNonNull(rawBody, "rawBody"), null, startNanos);
    }

    /** An exchange of an already parsed body. */
    public Exchange(Operation operation, String requestId, RequestHeaders headers, ObjectNode body, long startNanos) {
        this(operation, requestId, headers, null, Objects.requireNonNull(body, "body"), startNanos);
    }

    private Exchange(Operation operation, String requestId, RequestHeaders headers, byte[] rawBody, ObjectNode body,
                     long startNanos) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.rawBody = rawBody;
        this.body = body;
        this.requestedModel = body != null ? modelOf(body) : null;
        this.startNanos = startNanos;
    }

    public Operation operation() {
        return operation;
    }

    public String requestId() {
        return requestId;
    }

    /** A client request header by lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /**
     * The JSON body, parsed on first call.
     *
     * @throws dev.switchboard.core.api.ApiException (400) if the body is not a JSON object
     */
    public ObjectNode body() {
        if (body == null) {
            body = parse(rawBody);
            rawBody = null;
            requestedModel = modelOf(body);
        }
        return body;
    }

    /** The {@code model} the client asked for, before any routing; null if absent or not a string. */
    public String requestedModel() {
        body();
        return requestedModel;
    }

    /**
     * True when the client asked for server-sent events ({@code "stream": true}) on an operation
     * that streams (chat completions); embeddings always answer whole.
     */
    public boolean stream() {
        return operation == Operation.CHAT_COMPLETIONS && body().path("stream").asBoolean(false);
    }

    public long startNanos() {
        return startNanos;
    }

    /** The time this request has waited on upstreams so far; providers add to it. */
    public UpstreamWait upstreamWait() {
        return upstreamWait;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Attribute<T> key) {
        return (T) attributes.get(key);
    }

    public <T> void put(Attribute<T> key, T value) {
        attributes.put(key, value);
    }

    private static ObjectNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw Errors.invalidJson("the body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = Json.parse(bytes);
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw Errors.invalidJson(e.getOriginalMessage() + location);
        } catch (IOException e) {
            throw Errors.invalidJson(e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw Errors.invalidJson("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return object;
    }

    private static String modelOf(ObjectNode body) {
        JsonNode model = body.get("model");
        return model != null && model.isTextual() ? model.textValue() : null;
    }
}
