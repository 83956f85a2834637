package dev.switchboard.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, or a bare number of seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        Matcher m = FORM.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("not a duration: '" + value
                    + "' (expected e.g. 500ms, 30s, 10m, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanos = switch (unit) {
            case "ms" -> n * 1e6;
            case "s" -> n * 1e9;
            case "m" -> n * 60e9;
            case "h" -> n * 3600e9;
            default -> throw new IllegalStateException(unit);
        };
        return Duration.ofNanos(Math.round(nanos));
    }

    /** e.g. {@code 30s}, {@code 10m}, {@code 1m30s}, {@code 250ms}. */
    static String format(Duration d) {
        if (d.toMillis() < 1_000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
