package dev.switchboard.core.config;

import java.time.Duration;

/**
 * Per-deployment circuit breaker.
 *
 * @param failureThreshold consecutive failed attempts that open the circuit; 0 disables the
 *     breaker; default 5
 * @param cooldown how long an open circuit keeps traffic away before one probe request is let
 *     through; default 30s
 */
public record BreakerConfig(Integer failureThreshold, Duration cooldown) {

    public BreakerConfig {
        failureThreshold = failureThreshold != null ? failureThreshold : 5;
        cooldown = cooldown != null ? cooldown : Duration.ofSeconds(30);
    }
}
