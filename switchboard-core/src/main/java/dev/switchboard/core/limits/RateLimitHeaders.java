package dev.switchboard.core.limits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's rate limit headers from a limiter's decision: {@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} and the same for
 * {@code -tokens}, each from the most binding limit (the one with the least remaining) of its
 * kind across the key and its tenant.
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static Map<String, String> of(List<LimitState> states) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        add(headers, tightest(states, LimitKind.REQUESTS), "requests");
        add(headers, tightest(states, LimitKind.TOKENS), "tokens");
        return headers;
    }

    private static LimitState tightest(List<LimitState> states, LimitKind kind) {
        LimitState tightest = null;
        for (LimitState state : states) {
            if (state.kind() == kind && (tightest == null || state.remaining() < tightest.remaining())) {
                tightest = state;
            }
        }
        return tightest;
    }

    private static void add(Map<String, String> headers, LimitState state, String suffix) {
        if (state != null) {
            headers.put("x-ratelimit-limit-" + suffix, Long.toString(state.limit()));
            headers.put("x-ratelimit-remaining-" + suffix, Long.toString(Math.max(0, state.remaining())));
            headers.put("x-ratelimit-reset-" + suffix, format(state.reset()));
        }
    }

    /** OpenAI's duration format: {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}, {@code 1h2m3s}. */
    static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        long rest = millis % 1000;
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            text.append(minutes).append('m');
        }
        text.append(seconds);
        if (rest > 0) {
            text.append('.').append(String.format("%03d", rest).replaceAll("0+$", ""));
        }
        return text.append('s').toString();
    }
}
