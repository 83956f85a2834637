package dev.switchboard.guard.safety;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;

/** The errors of the guards, in OpenAI's shape. */
final class GuardErrors {

    private GuardErrors() {
    }

    static ApiException injection(String param, double score) {
        return new ApiException(new ApiError(400, "invalid_request_error", "prompt_injection", param,
                String.format(java.util.Locale.ROOT, "The request was refused: %s looks like a prompt injection"
                        + " (score %.2f). Rephrase it, or ask the operator about this tenant's guard policy.", param, score)));
    }

    static ApiException contentFilter(String param, String categories) {
        return new ApiException(new ApiError(400, "invalid_request_error", "content_filter", param,
                "The request was refused by the content filter (" + categories + ")."));
    }

    static ApiException unavailable(String guard) {
        return new ApiException(new ApiError(503, "server_error", "guard_unavailable", null,
                "The " + guard + " guard is unavailable and this tenant's policy fails closed; retry later."));
    }
}
