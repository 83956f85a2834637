package dev.switchboard.core.limits;

import java.time.Duration;
import java.util.List;

/**
 * A limiter's decision on one request.
 *
 * @param allowed whether the request may go; if not, nothing was counted
 * @param retryAfter when a rejected request could succeed; zero when allowed
 * @param rejected the limit that refused the request, or null when allowed
 * @param states where every checked limit stands (after counting, when allowed)
 * @param degraded true when the shared backend was unreachable and the decision was made by this
 *     replica alone (fail-open with local limits)
 */
public record Admission(boolean allowed, Duration retryAfter, LimitState rejected, List<LimitState> states,
                        boolean degraded) {

    public static Admission allowed(List<LimitState> states) {
        return new Admission(true, Duration.ZERO, null, states, false);
    }

    public static Admission rejected(LimitState limit, Duration retryAfter, List<LimitState> states) {
        return new Admission(false, retryAfter, limit, states, false);
    }

    /** This decision, marked as made without the shared backend. */
    public Admission asDegraded() {
        return new Admission(allowed, retryAfter, rejected, states, true);
    }
}
