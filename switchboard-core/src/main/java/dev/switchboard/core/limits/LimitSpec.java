package dev.switchboard.core.limits;

/**
 * The limits of one scope — an API key or a tenant — as configured. Null means "no limit of that
 * kind".
 *
 * @param scope what the counters belong to, e.g. {@code key:key_8f2c} or {@code tenant:ten_91ab};
 *     counters of the same scope are shared by every gateway replica using the same backend
 * @param requestsPerMinute RPM, or null
 * @param tokensPerMinute TPM, or null
 * @param maxConcurrent most requests in flight at once, or null
 */
public record LimitSpec(String scope, Integer requestsPerMinute, Integer tokensPerMinute, Integer maxConcurrent) {

    /** True when no limit is set. */
    public boolean unlimited() {
        return requestsPerMinute == null && tokensPerMinute == null && maxConcurrent == null;
    }
}
