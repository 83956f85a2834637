package dev.switchboard.store;

import java.time.Instant;

/**
 * Which request log entries to list, newest first. Null filters do not filter.
 *
 * @param tenant only this tenant's entries (by name), or null
 * @param from entries at or after this instant, or null
 * @param to entries before this instant, or null
 * @param status only entries with this HTTP status, or null
 * @param statusClass only entries with a status in this hundred (4 for 4xx), or null
 * @param limit at most this many, 1 to 1000
 */
public record RequestLogQuery(String tenant, Instant from, Instant to, Integer status, Integer statusClass, int limit) {

    public static final int MAX_LIMIT = 1000;

    public RequestLogQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }
}
