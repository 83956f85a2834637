package dev.switchboard.server.observability;

/**
 * The request a thread is serving, for log lines: its request id and, when traced, its trace and
 * span ids. Set by the HTTP layer for the whole of a request ({@link #enter}), so that every line
 * logged while serving it — from any stage, and after the pipeline, while the answer streams —
 * carries them. Each request has its own (virtual) thread; nothing leaks to the next request on
 * a connection, because {@link Scope#close} clears it.
 */
public final class LogContext {

    private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();

    private final String requestId;
    private String traceId;
    private String spanId;

    private LogContext(String requestId) {
        this.requestId = requestId;
    }

    /** Marks this thread as serving {@code requestId} until the scope is closed. */
    public static Scope enter(String requestId) {
        LogContext previous = CURRENT.get();
        CURRENT.set(new LogContext(requestId));
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The context of this thread, or null when it serves no request. */
    public static LogContext current() {
        return CURRENT.get();
    }

    /** Records the trace of the request this thread serves; ignored outside a request. */
    static void traced(String traceId, String spanId) {
        LogContext context = CURRENT.get();
        if (context != null) {
            context.traceId = traceId;
            context.spanId = spanId;
        }
    }

    public String requestId() {
        return requestId;
    }

    /** The trace id, or null when the request is not traced. */
    public String traceId() {
        return traceId;
    }

    /** The request's server span id, or null. */
    public String spanId() {
        return spanId;
    }

    /** Ends a {@link #enter}; idempotent is not required, call it once. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
