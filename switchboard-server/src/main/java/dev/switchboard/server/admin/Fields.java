package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.config.Durations;
import dev.switchboard.core.limits.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the fields of admin requests, with a 400 naming the field for anything wrong.
 * For updates, a field that is absent keeps its value and a field set to {@code null} clears it.
 */
final class Fields {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    private final JsonNode body;

    Fields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Errors.badRequest(null, "the body must be a JSON object");
        }
        this.body = body;
    }

    /** Refuses fields not in {@code known}, so that a typo is an error rather than ignored. */
    Fields only(Set<String> known) {
        body.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw Errors.badRequest(field, "unknown field '" + field + "'; known fields: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        });
        return this;
    }

    boolean has(String field) {
        return body.has(field);
    }

    String name(String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || !NAME.matcher(value.asText()).matches()) {
            throw Errors.badRequest(field, "'" + field + "' is required: 1 to 64 lower-case letters, digits, '_', '.'"
                    + " or '-', starting with a letter or digit");
        }
        return value.asText();
    }

    String text(String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > maxLength) {
            throw Errors.badRequest(field, "'" + field + "' must be a string of at most " + maxLength + " characters");
        }
        return value.asText();
    }

    /** A positive whole number, or null. */
    Integer limit(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw Errors.badRequest(field, "'" + field + "' must be a whole number of at least 1, or null for no limit");
        }
        return value.asInt();
    }

    /** A budget in US dollars, as billionths of a dollar, or null. */
    Long budgetNanos(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.decimalValue().signum() < 0 || value.decimalValue().compareTo(BigDecimal.valueOf(1e9)) > 0) {
            throw Errors.badRequest(field, "'" + field + "' must be an amount of US dollars between 0 and 1e9, or null");
        }
        return value.decimalValue().multiply(NANOS_PER_USD).longValue();
    }

    BudgetPeriod period(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        for (BudgetPeriod period : BudgetPeriod.values()) {
            if (period.label().equals(value.asText())) {
                return period;
            }
        }
        throw Errors.badRequest(field, "'" + field + "' must be 'day' or 'month'");
    }

    Boolean bool(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw Errors.badRequest(field, "'" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    /** Model globs: an array of non-empty strings, or null for all models. */
    List<String> globs(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > 100) {
            throw Errors.badRequest(field, "'" + field + "' must be an array of model names or globs (e.g. \"chat*\")");
        }
        List<String> globs = new ArrayList<>();
        for (JsonNode glob : value) {
            if (!glob.isTextual() || glob.asText().isBlank() || glob.asText().length() > 128) {
                throw Errors.badRequest(field, "'" + field + "' must hold non-empty strings");
            }
            globs.add(glob.asText());
        }
        return globs;
    }

    /** An ISO-8601 instant ({@code expires_at}) or a duration from {@code now} ({@code expires_in}). */
    Instant expiry(String atField, String inField, Instant now) {
        JsonNode at = body.get(atField);
        JsonNode in = body.get(inField);
        if (at != null && !at.isNull() && in != null && !in.isNull()) {
            throw Errors.badRequest(inField, "give '" + atField + "' or '" + inField + "', not both");
        }
        if (at != null && !at.isNull()) {
            try {
                return Instant.parse(at.asText());
            } catch (DateTimeParseException e) {
                throw Errors.badRequest(atField, "'" + atField + "' must be an ISO-8601 instant, e.g. 2027-01-31T00:00:00Z");
            }
        }
        if (in != null && !in.isNull()) {
            try {
                return now.plus(Durations.parse(in.asText()));
            } catch (IllegalArgumentException e) {
                throw Errors.badRequest(inField, "'" + inField + "': " + e.getMessage());
            }
        }
        return null;
    }

    Map<String, String> metadata(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject() || value.size() > 50) {
            throw Errors.badRequest(field, "'" + field + "' must be an object of at most 50 string values");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual() || entry.getKey().length() > 64 || entry.getValue().asText().length() > 512) {
                throw Errors.badRequest(field, "'" + field + "." + entry.getKey() + "' must be a string (keys up to 64,"
                        + " values up to 512 characters)");
            }
            metadata.put(entry.getKey(), entry.getValue().asText());
        });
        return metadata;
    }

    static ApiException notFound(String what, String id) {
        return new ApiException(new dev.switchboard.core.api.ApiError(404, "invalid_request_error", "not_found", null,
                what + " '" + id + "' does not exist"));
    }
}
