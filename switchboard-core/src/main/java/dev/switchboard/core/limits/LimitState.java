package dev.switchboard.core.limits;

import java.time.Duration;

/**
 * Where one limit of one scope stands after a decision, for the {@code x-ratelimit-*} headers.
 *
 * @param scope the scope, as in {@link LimitSpec#scope()}
 * @param kind what is counted
 * @param limit the configured limit
 * @param remaining what may still be used now (requests, tokens or concurrent slots); never negative
 * @param reset how long until the limit is back to its full allowance
 */
public record LimitState(String scope, LimitKind kind, long limit, long remaining, Duration reset) {
}
