package dev.switchboard.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request rejected with an {@link ApiError}. Thrown anywhere in the pipeline; the server turns it
 * into the HTTP response, in OpenAI's error shape, with any {@link #headers()} added (for example
 * {@code retry-after}). Carries no stack trace: it is control flow, not a bug.
 */
public class ApiException extends RuntimeException {

    private final ApiError error;
    private final Map<String, String> headers = new LinkedHashMap<>(4);

    public ApiException(ApiError error) {
        this(error, null);
    }

    public ApiException(ApiError error, Throwable cause) {
        super(error.message(), cause, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }

    /** Adds a response header (lower-case name) to send with the error; returns this. */
    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Response headers to send with the error, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }
}
