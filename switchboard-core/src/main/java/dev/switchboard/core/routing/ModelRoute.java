package dev.switchboard.core.routing;

import dev.switchboard.core.config.TimeoutsConfig;
import java.time.Duration;
import java.util.List;

/**
 * Everything the router needs to serve one model name, resolved from config: its deployments, how
 * to choose among them, and what to do when attempts fail.
 *
 * @param name the model name clients send
 * @param deployments where it runs, in config order
 * @param balancer how each attempt's deployment is chosen
 * @param fallbacks models tried in order after this one is exhausted
 * @param retries further attempts after the first
 * @param retryBackoff first wait before re-trying a deployment already tried
 * @param retryBackoffMax longest such wait
 * @param maxRetryAfter longest upstream {@code retry-after} that is waited out
 * @param timeouts upstream timeouts
 */
public record ModelRoute(String name, List<Deployment> deployments, LoadBalancer balancer, List<String> fallbacks,
                         int retries, Duration retryBackoff, Duration retryBackoffMax, Duration maxRetryAfter,
                         TimeoutsConfig timeouts) {
}
