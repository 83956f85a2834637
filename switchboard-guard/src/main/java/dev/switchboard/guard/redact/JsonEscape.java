package dev.switchboard.guard.redact;

/** Escaping of text put inside a JSON string (tool-call arguments are JSON inside a string). */
final class JsonEscape {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonEscape() {
    }

    /** {@code text} as the content of a JSON string, without the quotes. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 ? "\\u00" + HEX[c >> 4] + HEX[c & 0xf] : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
