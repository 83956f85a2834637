package dev.switchboard.core.api;

/**
 * Factories for the rejections Switchboard itself produces, one per cause, so that the same cause
 * always reads the same way to clients. Types and codes follow OpenAI's where OpenAI has one.
 */
public final class Errors {

    private Errors() {
    }

    public static ApiException badRequest(String param, String message) {
        return new ApiException(ApiError.invalidRequest(param, message));
    }

    public static ApiException invalidJson(String detail) {
        return new ApiException(new ApiError(400, "invalid_request_error", "invalid_json", null,
                "We could not parse the JSON body of your request: " + detail));
    }

    public static ApiException missingApiKey() {
        return new ApiException(new ApiError(401, "invalid_request_error", "missing_api_key", null,
                "You didn't provide an API key. Provide it in an Authorization header using Bearer auth"
                        + " (Authorization: Bearer YOUR_KEY)."));
    }

    public static ApiException invalidApiKey() {
        return new ApiException(new ApiError(401, "invalid_request_error", "invalid_api_key", null,
                "Incorrect API key provided."));
    }

    public static ApiException modelNotFound(String model) {
        return new ApiException(new ApiError(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist. GET /v1/models lists the models you can use."));
    }

    public static ApiException notFound(String method, String path) {
        return new ApiException(new ApiError(404, "invalid_request_error", "not_found", null,
                "Unknown endpoint: " + method + " " + path));
    }

    public static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                "Method " + method + " is not allowed on " + path));
    }

    public static ApiException bodyTooLarge(long maxBytes) {
        return new ApiException(new ApiError(413, "invalid_request_error", "request_too_large", null,
                "The request body exceeds the limit of " + maxBytes + " bytes."));
    }
}
