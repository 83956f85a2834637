package dev.switchboard.core.observe;

import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Exchange;

/**
 * The hook a response cache reports through: whether this request was answered from the cache.
 * Observability counts hits and misses ({@code switchboard_cache_requests_total}) and keeps the
 * result in the request log. A request that was not looked up reports nothing.
 */
public final class CacheLookups {

    /** What the cache said about one request. */
    public enum Result { HIT, MISS }

    private static final Attribute<Result> RESULT = Attribute.named("cache-result");

    private CacheLookups() {
    }

    /** Records the cache's answer for this request (the last call wins). */
    public static void record(Exchange exchange, boolean hit) {
        exchange.put(RESULT, hit ? Result.HIT : Result.MISS);
    }

    /** The cache's answer for this request, or null when it was not looked up. */
    public static Result of(Exchange exchange) {
        return exchange.get(RESULT);
    }
}
