package dev.switchboard.core.limits;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;

/**
 * Thrown by a limit backend that fails closed when its shared store is unreachable (for example a
 * Redis-backed {@link BudgetLedger} configured to reject): the request gets 503
 * {@code limits_unavailable} with {@code retry-after: 1}, never an admission nobody could check.
 */
public final class LimitsUnavailableException extends ApiException {

    public LimitsUnavailableException(String what) {
        super(new ApiError(503, "server_error", "limits_unavailable", null,
                what + " cannot be checked right now (the shared limit store is unreachable); retry shortly."));
        header("retry-after", "1");
    }
}
