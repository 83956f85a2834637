package dev.switchboard.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Redis, for rate limits and budget counters shared by every replica.
 *
 * @param url {@code redis://[:password@]host:6379[/db]}; when no {@code redis} section is
 *     configured, limits and budgets are counted in memory by each replica alone
 * @param timeout longest a request waits on Redis; default 100ms
 * @param onFailure what limits do while Redis is unreachable: {@code local} (each replica limits
 *     alone, as if it were the only one) or {@code reject} (requests with limits get 503); default
 *     {@code local}
 */
public record RedisConfig(String url, Duration timeout, OnFailure onFailure) {

    /** Behaviour while Redis is unreachable. */
    public enum OnFailure {
        @JsonProperty("local") LOCAL,
        @JsonProperty("reject") REJECT
    }

    public RedisConfig {
        timeout = timeout != null ? timeout : Duration.ofMillis(100);
        onFailure = onFailure != null ? onFailure : OnFailure.LOCAL;
    }

    @Override
    public String toString() {
        return "RedisConfig[url=" + (url == null ? null : url.replaceAll("//[^@/]*@", "//<redacted>@")) + ", timeout="
                + timeout + ", onFailure=" + onFailure + "]";
    }
}
