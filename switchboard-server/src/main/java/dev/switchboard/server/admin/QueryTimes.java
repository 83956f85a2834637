package dev.switchboard.server.admin;

import dev.switchboard.core.api.Errors;
import dev.switchboard.core.config.Durations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The time parameters of admin queries ({@code since}, {@code from}, {@code to}), with 400s naming the bad one. */
final class QueryTimes {

    private QueryTimes() {
    }

    /** {@code now} minus a duration such as {@code 7d}. */
    static Instant since(String since, Instant now) {
        try {
            return now.minus(Durations.parse(since));
        } catch (IllegalArgumentException e) {
            throw Errors.badRequest("since", "'since': " + e.getMessage());
        }
    }

    /** An ISO instant ({@code 2026-11-01T00:00:00Z}) or date ({@code 2026-11-01}, midnight UTC); null for null. */
    static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Errors.badRequest(field, "'" + field + "' must be a date (2026-11-01) or an instant (2026-11-01T12:00:00Z)");
        }
    }
}
