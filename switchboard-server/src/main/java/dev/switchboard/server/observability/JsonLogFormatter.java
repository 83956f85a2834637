package dev.switchboard.server.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Log records as one JSON object per line, for Loki and friends:
 * {@code {"time","level","logger","message","request_id","trace_id","span_id","thread","error"}},
 * the ids from the {@link LogContext} of the thread that logged. Every message and stack trace
 * text passes the {@linkplain #redactWith log redactor} first, so personal data an error message
 * echoes (an upstream quoting the request) never reaches the log. Thread-safe.
 */
public final class JsonLogFormatter extends Formatter {

    private static volatile UnaryOperator<String> redactor = UnaryOperator.identity();

    /**
     * Sets what every log message passes through before it is written, in both formats (the
     * server sets its privacy config's log redactor, and again on every reload).
     */
    public static void redactWith(UnaryOperator<String> logRedactor) {
        redactor = logRedactor;
    }

    /** {@code text} as the current redactor leaves it. */
    public static String redact(String text) {
        try {
            return redactor.apply(text);
        } catch (RuntimeException e) {
            return "<log message withheld: it could not be checked for personal data>";
        }
    }

    /**
     * Replaces the root logger's handlers with one that writes JSON lines to standard output.
     * Idempotent.
     */
    public static void install() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler.getFormatter() instanceof JsonLogFormatter) {
                return;
            }
        }
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler handler = new StreamHandler(System.out, new JsonLogFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush(); // a line per record, as it happens
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    @Override
    public String format(LogRecord record) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(record.getMillis()).toString());
            json.writeStringField("level", level(record.getLevel()));
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("message", redact(formatMessage(record)));
            LogContext context = LogContext.current();
            if (context != null) {
                json.writeStringField("request_id", context.requestId());
                if (context.traceId() != null) {
                    json.writeStringField("trace_id", context.traceId());
                    json.writeStringField("span_id", context.spanId());
                }
            }
            json.writeStringField("thread", Thread.currentThread().getName());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("error", redact(trace.toString()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.append(System.lineSeparator()).toString();
    }

    /** Level names as log tools expect them. */
    private static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (value >= Level.WARNING.intValue()) {
            return "warn";
        }
        if (value >= Level.INFO.intValue()) {
            return "info";
        }
        return value >= Level.FINE.intValue() ? "debug" : "trace";
    }
}
