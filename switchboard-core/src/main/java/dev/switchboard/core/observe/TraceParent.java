package dev.switchboard.core.observe;

import dev.switchboard.core.pipeline.Attribute;

/**
 * The W3C {@code traceparent} header the current upstream attempt of a request carries. The
 * tracing listener sets it in {@code RoutingListener.attemptStarted} (naming the attempt's span);
 * without tracing it is the client's own header, passed on unchanged. The call interceptor hands
 * it to the provider with the attempt.
 */
public final class TraceParent {

    /** The {@code traceparent} for the attempt about to be sent, or absent for none. */
    public static final Attribute<String> UPSTREAM = Attribute.named("upstream-traceparent");

    private TraceParent() {
    }

    /**
     * True for a well-formed version-00 {@code traceparent}
     * ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}), safe to put in a header.
     */
    public static boolean isValid(String value) {
        if (value == null || value.length() != 55 || !value.startsWith("00-") || value.charAt(35) != '-'
                || value.charAt(52) != '-') {
            return false;
        }
        for (int i = 3; i < 55; i++) {
            char c = value.charAt(i);
            if (i != 35 && i != 52 && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return !value.startsWith("00000000000000000000000000000000", 3) && !value.startsWith("0000000000000000", 36);
    }
}
