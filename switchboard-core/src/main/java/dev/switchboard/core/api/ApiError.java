package dev.switchboard.core.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import java.util.Objects;

/**
 * One error as the client sees it: an HTTP status and OpenAI's error object
 * {@code {"error":{"message","type","param","code"}}}.
 *
 * <p>The message tells the caller what to change; it never carries internals (stack traces,
 * upstream credentials, raw request text).
 *
 * @param status HTTP status code
 * @param type OpenAI error type, e.g. {@code invalid_request_error}
 * @param code machine-readable code, e.g. {@code model_not_found}; may be null
 * @param param the request field at fault, e.g. {@code messages[2].role}; may be null
 * @param message human-readable explanation
 */
public record ApiError(int status, String type, String code, String param, String message) {

    public ApiError {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error status must be 4xx or 5xx: " + status);
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** The body OpenAI clients expect. */
    public ObjectNode toJson() {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode root = Json.object();
        root.set("error", error);
        return root;
    }

    public static ApiError invalidRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_request", param, message);
    }
}
