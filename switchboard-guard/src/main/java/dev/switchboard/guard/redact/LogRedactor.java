package dev.switchboard.guard.redact;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import java.util.List;

/**
 * Redacts text headed for logs — error messages that may echo a request, an upstream's error
 * body — replacing each finding with {@code <TYPE>}. Thread-safe.
 */
public final class LogRedactor {

    /** Leaves logs as they are. */
    public static final LogRedactor NONE = new LogRedactor(null, AnalysisOptions.DEFAULT);

    private static final Redactor REPLACE = Redactor.of(Operator.replace());

    private final Analyzer analyzer;
    private final AnalysisOptions options;

    /** @param analyzer finds what to redact; null to redact nothing */
    public LogRedactor(Analyzer analyzer, AnalysisOptions options) {
        this.analyzer = analyzer;
        this.options = options;
    }

    /** {@code text} with personal data replaced by its type; null stays null. */
    public String redact(String text) {
        if (analyzer == null || text == null || text.isEmpty()) {
            return text;
        }
        try {
            return REPLACE.redact(text, analyzer.analyze(text, options));
        } catch (RuntimeException e) {
            return "<log message withheld: it could not be checked for personal data>";
        }
    }

    /**
     * A copy of {@code thrown} and its causes whose messages are redacted, with the same stack traces
     * and exception class names, for logging in place of the original.
     */
    public Throwable redact(Throwable thrown) {
        if (analyzer == null || thrown == null) {
            return thrown;
        }
        return copy(thrown, 0);
    }

    private Throwable copy(Throwable thrown, int depth) {
        RedactedThrowable copy = new RedactedThrowable(thrown.getClass().getName(), redact(thrown.getMessage()));
        copy.setStackTrace(thrown.getStackTrace());
        if (thrown.getCause() != null && thrown.getCause() != thrown && depth < 16) {
            copy.initCause(copy(thrown.getCause(), depth + 1));
        }
        for (Throwable suppressed : List.of(thrown.getSuppressed())) {
            copy.addSuppressed(copy(suppressed, depth + 1));
        }
        return copy;
    }

    /** A logged stand-in for an exception: prints as the original's class and its redacted message. */
    static final class RedactedThrowable extends RuntimeException {
        private final String className;

        RedactedThrowable(String className, String message) {
            super(message);
            this.className = className;
        }

        @Override
        public String toString() {
            String message = getMessage();
            return message != null ? className + ": " + message : className;
        }
    }
}
