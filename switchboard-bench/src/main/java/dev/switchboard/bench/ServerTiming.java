package dev.switchboard.bench;

/**
 * Reads one metric's duration from a W3C {@code Server-Timing} header value
 * ({@code gateway;dur=0.412, upstream;dur=1.203}). Metrics are separated by commas, parameters by
 * semicolons; parameter values are tokens or quoted strings ({@code desc="a, b; c"}), and parameter
 * names are matched ignoring case. Other metrics and parameters are skipped.
 *
 * <p>Total and strict: a header that is not well-formed anywhere, a
 * metric without {@code dur}, or a {@code dur} that is not a plain non-negative decimal of
 * milliseconds ({@code -1}, {@code 2ms}, {@code 1e3}) gives {@link #NONE}; nothing is thrown.
 * {@link #durationMicros} is thread-safe; an instance is the cursor of one call.
 */
final class ServerTiming {

    /** The metric the gateway reports its own time under. */
    static final String GATEWAY = "gateway";

    /** No duration: header absent or malformed, metric missing, or its {@code dur} unusable. */
    static final long NONE = -1;

    private final String text;
    private int at;

    private ServerTiming(String text) {
        this.text = text;
    }

    /**
     * The {@code dur} of the first metric named {@code metric} (case-sensitive), rounded to whole
     * microseconds, or {@link #NONE}.
     *
     * @param headerValue the field value (several header lines joined with ", "), or null when absent
     */
    static long durationMicros(String headerValue, String metric) {
        if (headerValue == null) {
            return NONE;
        }
        String dur = new ServerTiming(headerValue).durOf(metric);
        return dur == null ? NONE : millisToMicros(dur);
    }

    /**
     * Walks the whole value, so that a syntax error after the metric still rejects it. Returns the
     * raw {@code dur} of the first matching metric ("" when it has none), or null when the metric
     * is absent or the value is malformed.
     */
    private String durOf(String metric) {
        String found = null;
        while (true) {
            skipSpaces();
            if (at == text.length()) {
                return found;
            }
            if (text.charAt(at) == ',') {  // an empty list element is allowed
                at++;
                continue;
            }
            String name = token();
            if (name.isEmpty()) {
                return null;
            }
            String dur = null;
            while (true) {
                skipSpaces();
                if (at == text.length() || text.charAt(at) == ',') {
                    break;
                }
                if (text.charAt(at) != ';') {
                    return null;
                }
                at++;
                skipSpaces();
                String param = token();
                if (param.isEmpty()) {
                    return null;
                }
                skipSpaces();
                String value = "";
                if (at < text.length() && text.charAt(at) == '=') {
                    at++;
                    skipSpaces();
                    value = at < text.length() && text.charAt(at) == '"' ? quotedString() : token();
                    if (value == null) {
                        return null;
                    }
                }
                if (dur == null && param.equalsIgnoreCase("dur")) {
                    dur = value;
                }
            }
            if (found == null && name.equals(metric)) {
                found = dur == null ? "" : dur;
            }
        }
    }

    private void skipSpaces() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
    }

    /** An RFC 9110 token, possibly empty. */
    private String token() {
        int start = at;
        while (at < text.length() && isTokenChar(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    /** The content of a quoted string starting at the opening quote, unescaped; null if unterminated. */
    private String quotedString() {
        StringBuilder content = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return content.toString();
            }
            if (c == '\\') {
                if (at == text.length()) {
                    return null;
                }
                c = text.charAt(at++);
            }
            content.append(c);
        }
        return null;
    }

    private static boolean isTokenChar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** "0.412" → 412; digits with at most one '.', and at least one digit, else {@link #NONE}. */
    private static long millisToMicros(String millis) {
        int digits = 0;
        int dots = 0;
        for (int i = 0; i < millis.length(); i++) {
            char c = millis.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.') {
                dots++;
            } else {
                return NONE;
            }
        }
        if (digits == 0 || dots > 1) {
            return NONE;
        }
        return Math.round(Double.parseDouble(millis) * 1_000);  // saturates at Long.MAX_VALUE
    }
}
