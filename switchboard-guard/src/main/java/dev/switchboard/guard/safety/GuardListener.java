package dev.switchboard.guard.safety;

/**
 * Told what the guards do, for logs and metrics. Methods have no-op defaults; implementations are
 * thread-safe and never receive the text that fired.
 */
public interface GuardListener {

    GuardListener NONE = new GuardListener() {
    };

    /**
     * A guard fired.
     *
     * @param requestId the request
     * @param guard {@code injection}, {@code moderation.input}, {@code moderation.output} or {@code leakage}
     * @param action what was done: {@code flag}, {@code block} or {@code strip}
     * @param detail scores or categories, never text
     */
    default void guardFired(String requestId, String guard, String action, String detail) {
    }

    /**
     * A remote classifier failed; {@code failedClosed} when the request was refused for it.
     */
    default void guardUnavailable(String requestId, String guard, boolean failedClosed, String reason) {
    }
}
