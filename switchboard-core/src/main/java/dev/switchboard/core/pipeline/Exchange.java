package dev.switchboard.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One client request on its way through the pipeline: the operation, the parsed JSON body, the
 * client's headers, and what interceptors learn about it on the way.
 *
 * <p>Interceptors may change the body (a redactor rewrites messages, a router never needs to: it
 * tells the provider which upstream model to use). The model the client asked for stays available
 * as {@link #requestedModel()}.
 *
 * <p>Not thread-safe: an exchange belongs to the one thread serving its request.
 */
public final class Exchange {

    private final Operation operation;
    private final String requestId;
    private final Map<String, String> headers;
    private final ObjectNode body;
    private final String requestedModel;
    private final long startNanos;
    private final Map<Attribute<?>, Object> attributes = new HashMap<>(8);

    /**
     * @param operation what the client called
     * @param requestId the client's {@code x-request-id} or one generated for it
     * @param headers client request headers, names in lower case; not copied, must not change
     * @param body the parsed JSON body, already validated for {@code operation}
     * @param startNanos when the request arrived, on the pipeline's ticker
     */
    public Exchange(Operation operation, String requestId, Map<String, String> headers, ObjectNode body,
                    long startNanos) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        JsonNode model = body.get("model");
        this.requestedModel = model != null && model.isTextual() ? model.textValue() : null;
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

    public ObjectNode body() {
        return body;
    }

    /** The {@code model} the client asked for, before any routing; null if absent or not a string. */
    public String requestedModel() {
        return requestedModel;
    }

    /** True when the client asked for server-sent events ({@code "stream": true}). */
    public boolean stream() {
        return body.path("stream").asBoolean(false);
    }

    public long startNanos() {
        return startNanos;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Attribute<T> key) {
        return (T) attributes.get(key);
    }

    public <T> void put(Attribute<T> key, T value) {
        attributes.put(key, value);
    }
}
