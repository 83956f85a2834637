package dev.switchboard.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations as people write them in config: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 0}, a bare number of seconds, or ISO-8601 ({@code PT30S}).
 */
public final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the text and the accepted forms */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw invalid(text);
        }
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return nonNegative(Duration.parse(s), text);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        int unitStart = 0;
        while (unitStart < s.length() && (Character.isDigit(s.charAt(unitStart)) || s.charAt(unitStart) == '.')) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw invalid(text);
        }
        double amount;
        try {
            amount = Double.parseDouble(s.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        String unit = s.substring(unitStart).trim();
        double nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "", "s" -> 1e9;
            case "m", "min" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> throw invalid(text);
        };
        double nanos = amount * nanosPerUnit;
        if (nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException("duration too long: '" + text + "'");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** Shortest readable form: {@code 250ms}, {@code 30s}, {@code 5m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 && !d.isZero()) {
            return d.toNanos() + "ns";
        }
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("duration cannot be negative: '" + text + "'");
        }
        return d;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text
                + "': use a number with a unit, e.g. 250ms, 30s, 5m, 1h (0 for none)");
    }

    /** Jackson binding for {@link Duration} fields of config records. */
    static final class Deserializer extends StdDeserializer<Duration> {
        Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT
                    || token == JsonToken.VALUE_STRING) {
                try {
                    return parse(p.getText());
                } catch (IllegalArgumentException e) {
                    throw ctx.weirdStringException(p.getText(), Duration.class, e.getMessage());
                }
            }
            return (Duration) ctx.handleUnexpectedToken(Duration.class, p);
        }
    }
}
