package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.math.BigDecimal;
import java.util.Set;
import java.util.TreeSet;

/** Keywords about one value itself: type, enum, const, string length, pattern, format, numeric bounds. */
final class ValueKeywords {

    private ValueKeywords() {
    }

    static Keyword type(Set<String> allowed) {
        String expected = String.join(" or ", new TreeSet<>(allowed));
        return (value, at, v) -> {
            String kind = JsonValues.kind(value);
            return allowed.contains(kind) || kind.equals("integer") && allowed.contains("number")
                    || v.fail(at, "expected " + expected + ", got " + JsonValues.describe(value));
        };
    }

    static Keyword oneOfValues(JsonNode choices) {
        String listed = JsonValues.excerpt(Json.string(choices), 120);
        return (value, at, v) -> {
            for (JsonNode choice : choices) {
                if (JsonValues.equal(choice, value)) {
                    return true;
                }
            }
            return v.fail(at, "must be one of " + listed + ", got " + JsonValues.describe(value));
        };
    }

    static Keyword constant(JsonNode expected) {
        String text = JsonValues.excerpt(Json.string(expected), 80);
        return (value, at, v) -> JsonValues.equal(expected, value)
                || v.fail(at, "must be " + text + ", got " + JsonValues.describe(value));
    }

    /** @param max -1 for no maximum */
    static Keyword length(int min, int max) {
        return (value, at, v) -> {
            if (!value.isTextual()) {
                return true;
            }
            String text = value.textValue();
            int length = text.codePointCount(0, text.length());
            if (length < min) {
                return v.fail(at, "must be at least " + min + " characters long, got " + length);
            }
            return max < 0 || length <= max || v.fail(at, "must be at most " + max + " characters long, got " + length);
        };
    }

    static Keyword pattern(com.google.re2j.Pattern pattern) {
        String shown = JsonValues.excerpt(pattern.pattern(), 80);
        return (value, at, v) -> !value.isTextual() || pattern.matcher(value.textValue()).find()
                || v.fail(at, "must match the pattern " + shown + ", got " + JsonValues.describe(value));
    }

    static Keyword format(String format) {
        return (value, at, v) -> !value.isTextual() || Formats.matches(format, value.textValue())
                || v.fail(at, "must be a valid " + format + Formats.hint(format) + ", got " + JsonValues.describe(value));
    }

    static Keyword bound(BigDecimal limit, boolean lower, boolean exclusive) {
        String relation = (lower ? ">" : "<") + (exclusive ? "" : "=");
        return (value, at, v) -> {
            if (!value.isNumber()) {
                return true;
            }
            BigDecimal d = JsonValues.decimal(value);
            if (d == null) {
                return v.fail(at, "must be a finite number");
            }
            int c = d.compareTo(limit);
            boolean ok = lower ? (exclusive ? c > 0 : c >= 0) : (exclusive ? c < 0 : c <= 0);
            return ok || v.fail(at, "must be " + relation + " " + limit.toPlainString() + ", got " + d.toPlainString());
        };
    }

    static Keyword multipleOf(BigDecimal divisor) {
        return (value, at, v) -> {
            if (!value.isNumber()) {
                return true;
            }
            BigDecimal d = JsonValues.decimal(value);
            if (d == null) {
                return v.fail(at, "must be a finite number");
            }
            boolean ok;
            if (Math.abs((long) d.scale() - divisor.scale()) > 1000 || Math.abs(d.precision() - d.scale()) > 1000) {
                double q = d.doubleValue() / divisor.doubleValue(); // exact arithmetic would take too long
                ok = Double.isFinite(q) && q == Math.rint(q);
            } else {
                ok = d.remainder(divisor).signum() == 0;
            }
            return ok || v.fail(at, "must be a multiple of " + divisor.toPlainString() + ", got " + d.toPlainString());
        };
    }
}
