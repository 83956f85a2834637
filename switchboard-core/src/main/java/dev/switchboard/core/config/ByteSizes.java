package dev.switchboard.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/** Byte sizes as people write them: {@code 4194304}, {@code 4MiB}, {@code 512KiB}, {@code 1MB}. */
public final class ByteSizes {

    private ByteSizes() {
    }

    /** @throws IllegalArgumentException naming the text and the accepted forms */
    public static long parse(String text) {
        String s = text.trim();
        int unitStart = 0;
        while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart > 18) {
            throw invalid(text);
        }
        long amount = Long.parseLong(s.substring(0, unitStart));
        long multiplier = switch (s.substring(unitStart).trim()) {
            case "", "B" -> 1;
            case "KiB", "K", "k" -> 1L << 10;
            case "MiB", "M" -> 1L << 20;
            case "GiB", "G" -> 1L << 30;
            case "KB", "kB" -> 1000;
            case "MB" -> 1000_000;
            case "GB" -> 1000_000_000;
            default -> throw invalid(text);
        };
        try {
            return Math.multiplyExact(amount, multiplier);
        } catch (ArithmeticException e) {
            throw invalid(text);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid size '" + text + "': use bytes or a unit, e.g. 4MiB, 512KiB");
    }

    /** Jackson binding for size fields of config records. */
    static final class Deserializer extends StdDeserializer<Long> {
        Deserializer() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING) {
                try {
                    return parse(p.getText());
                } catch (IllegalArgumentException e) {
                    throw ctx.weirdStringException(p.getText(), Long.class, e.getMessage());
                }
            }
            return (Long) ctx.handleUnexpectedToken(Long.class, p);
        }
    }
}
