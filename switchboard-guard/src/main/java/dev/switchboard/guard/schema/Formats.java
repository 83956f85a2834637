package dev.switchboard.guard.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code format}s that are checked: those with one unambiguous definition. Others
 * ({@code regex}, {@code uri-reference}, custom names) are annotations and pass, as the specification
 * allows.
 */
final class Formats {

    private static final Set<String> KNOWN = Set.of("date-time", "date", "time", "email", "uuid", "ipv4", "ipv6", "uri",
            "hostname");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]{1,63}(\\.[^@\\s.]{1,63}){0,20}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private Formats() {
    }

    static boolean isKnown(String format) {
        return KNOWN.contains(format);
    }

    static String hint(String format) {
        return switch (format) {
            case "date-time" -> " (RFC 3339, e.g. 2024-05-01T13:45:00Z)";
            case "date" -> " (e.g. 2024-05-01)";
            case "time" -> " (RFC 3339, e.g. 13:45:00Z)";
            default -> "";
        };
    }

    static boolean matches(String format, String text) {
        if (text.length() > 2048) {
            return false;
        }
        try {
            return switch (format) {
                case "date-time" -> {
                    OffsetDateTime.parse(text.toUpperCase(Locale.ROOT));
                    yield DATE.matcher(text.substring(0, Math.min(10, text.length()))).matches();
                }
                case "date" -> {
                    LocalDate.parse(text);
                    yield DATE.matcher(text).matches();
                }
                case "time" -> {
                    OffsetTime.parse(text.toUpperCase(Locale.ROOT));
                    yield true;
                }
                case "email" -> EMAIL.matcher(text).matches();
                case "uuid" -> UUID.matcher(text).matches();
                case "ipv4" -> IPV4.matcher(text).matches();
                case "ipv6" -> ipv6(text);
                case "uri" -> new URI(text).isAbsolute();
                case "hostname" -> hostname(text);
                default -> true;
            };
        } catch (DateTimeParseException | URISyntaxException e) {
            return false;
        }
    }

    /** RFC 1123: dot-separated labels of letters, digits and inner hyphens, 1–63 each, 253 in all. */
    private static boolean hostname(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean ipv6(String text) {
        if (!IPV6_CHARS.matcher(text).matches() || text.indexOf(':') < 0) {
            return false;
        }
        try {
            // a literal with ':' is parsed, never looked up
            java.net.InetAddress.getByName("[" + text + "]");
            return true;
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return false;
        }
    }
}
