package dev.switchboard.core.routing;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.spi.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempts of one request, and the error the client gets if none succeeded. Belongs to the
 * request's thread.
 */
final class Attempts {

    /** Response header with the number of attempts a request took. */
    static final String HEADER = "x-switchboard-attempts";

    private final String model;
    private final List<String> outcomes = new ArrayList<>(4);
    private final Map<Deployment, Duration> retryAfter = new HashMap<>(4);
    private int count;
    private UpstreamException last;
    private boolean deadlineReached;
    private long nothingAvailableUntil;
    private boolean nothingAvailable;

    Attempts(String model) {
        this.model = model;
    }

    int started() {
        return ++count;
    }

    int count() {
        return count;
    }

    void failed(Deployment deployment, UpstreamException failure) {
        last = failure;
        outcomes.add(failure.getMessage());
        if (failure.retryAfter() != null) {
            retryAfter.put(deployment, failure.retryAfter());
        }
    }

    /** The {@code retry-after} a deployment sent in this request, or null. */
    Duration retryAfter(Deployment deployment) {
        return retryAfter.get(deployment);
    }

    /** No deployment of {@code route} could take traffic; the first is due at {@code availableAt}. */
    void nothingAvailable(ModelRoute route, long availableAt) {
        outcomes.add("model '" + route.name() + "': no deployment available (circuit breakers open)");
        nothingAvailableUntil = nothingAvailable ? Math.min(nothingAvailableUntil, availableAt) : availableAt;
        nothingAvailable = true;
    }

    void deadlineReached() {
        deadlineReached = true;
        outcomes.add("the request's total timeout passed");
    }

    boolean isDeadlineReached() {
        return deadlineReached;
    }

    /** The error for a request none of whose attempts succeeded. */
    ApiException failure(long now) {
        String detail = String.join("; ", outcomes);
        ApiException error;
        if (count == 0 && !deadlineReached) {
            error = new ApiException(new ApiError(503, "server_error", "no_healthy_deployment", "model",
                    "Model '" + model + "' has no deployment available right now: " + detail));
            error.header("retry-after", Long.toString(Math.max(1, (nothingAvailableUntil - now + 999_999_999) / 1_000_000_000)));
        } else if (deadlineReached || last.kind() == UpstreamException.Kind.TIMEOUT) {
            error = new ApiException(new ApiError(504, "server_error", "upstream_timeout", null,
                    "Model '" + model + "' timed out after " + count + attempts() + ": " + detail));
        } else if (last.kind() == UpstreamException.Kind.STATUS && last.status() == 429) {
            error = new ApiException(new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null,
                    "Model '" + model + "' is rate limited upstream (" + count + attempts() + "): " + detail));
            if (last.retryAfter() != null) {
                error.header("retry-after", Long.toString(Math.max(1, (last.retryAfter().toMillis() + 999) / 1000)));
            }
        } else {
            error = new ApiException(new ApiError(502, "server_error", "upstream_error", null,
                    "Model '" + model + "' failed after " + count + attempts() + ": " + detail));
        }
        return error.header(HEADER, Integer.toString(count));
    }

    /** The upstream's own error, for failures that blame the request. */
    ApiException clientFailure(UpstreamException failure) {
        return new ApiException(failure.clientError()).header(HEADER, Integer.toString(count));
    }

    private String attempts() {
        return count == 1 ? " attempt" : " attempts";
    }
}
