package dev.switchboard.core.config;

import java.time.Duration;

/**
 * Defaults for every model's retries, timeouts and circuit breaking.
 *
 * @param retries further attempts on a model after its first failed attempt (connect errors,
 *     timeouts, 429, 5xx), preferring deployments not yet tried; default 2
 * @param retryBackoff first wait before re-trying a deployment already tried, doubled each time,
 *     with jitter; default 100ms
 * @param retryBackoffMax longest such wait; default 2s
 * @param maxRetryAfter longest {@code retry-after} from an upstream that is waited out; a deployment
 *     asking for more is skipped for this request; default 10s
 * @param timeouts default upstream timeouts
 * @param circuitBreaker per-deployment circuit breaker
 */
public record RoutingConfig(Integer retries, Duration retryBackoff, Duration retryBackoffMax,
                            Duration maxRetryAfter, TimeoutsConfig timeouts, BreakerConfig circuitBreaker) {

    public RoutingConfig {
        retries = retries != null ? retries : 2;
        retryBackoff = retryBackoff != null ? retryBackoff : Duration.ofMillis(100);
        retryBackoffMax = retryBackoffMax != null ? retryBackoffMax : Duration.ofSeconds(2);
        maxRetryAfter = maxRetryAfter != null ? maxRetryAfter : Duration.ofSeconds(10);
        timeouts = timeouts != null ? timeouts.orElse(TimeoutsConfig.DEFAULTS) : TimeoutsConfig.DEFAULTS;
        circuitBreaker = circuitBreaker != null ? circuitBreaker : new BreakerConfig(null, null);
    }
}
