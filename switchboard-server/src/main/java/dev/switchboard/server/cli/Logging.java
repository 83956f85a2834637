package dev.switchboard.server.cli;

import dev.switchboard.server.observability.JsonLogFormatter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log output of the command-line process: one line per record on stderr, time in UTC; or, with
 * {@code SWITCHBOARD_LOG_FORMAT=json} (or {@code observability.logs.format: json}), one JSON object
 * per line on stdout ({@link JsonLogFormatter}). Either way every message passes the log redactor.
 * Libraries (Helidon) speak only for warnings and worse.
 */
final class Logging {

    // java.util.logging holds loggers weakly: keep the ones we configure, or their levels are lost.
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    private Logging() {
    }

    static void configure() {
        HELIDON.setLevel(Level.WARNING);
        if ("json".equalsIgnoreCase(System.getenv("SWITCHBOARD_LOG_FORMAT"))) {
            Logger.getLogger("").setLevel(Level.INFO);
            JsonLogFormatter.install();
            return;
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new OneLine());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        HELIDON.setLevel(Level.WARNING);
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(128)
                    .append(Instant.ofEpochMilli(record.getMillis()))
                    .append(' ').append(record.getLevel().getName())
                    .append(' ').append(shortName(record.getLoggerName()))
                    .append(": ").append(JsonLogFormatter.redact(formatMessage(record)))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(JsonLogFormatter.redact(trace.toString()));
            }
            return line.toString();
        }

        private static String shortName(String logger) {
            if (logger == null) {
                return "-";
            }
            int dot = logger.lastIndexOf('.');
            return dot < 0 ? logger : logger.substring(dot + 1);
        }
    }
}
