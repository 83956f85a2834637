package dev.switchboard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A result file: a header (date, command, machine, processes, parameters) and result sections.
 * Result sections are also printed to stdout.
 */
final class Report {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String subcommand;
    private final Instant started;
    private final StringBuilder header = new StringBuilder();
    private final StringBuilder results = new StringBuilder();

    Report(String subcommand, String title, Instant started, String commandLine, Map<String, String> machine) {
        this.subcommand = subcommand;
        this.started = started;
        header.append("# ").append(title).append("\n\n");
        header.append("- date: ").append(TIME.format(started)).append('\n');
        header.append("- command: `").append(commandLine).append("`\n\n");
        header.append("## Machine\n\n");
        machine.forEach((k, v) -> header.append("- ").append(k).append(": ").append(v).append('\n'));
        header.append('\n');
    }

    /** Adds a header section (machine-like facts: not echoed to stdout). */
    Report headerSection(String title, Map<String, String> facts) {
        header.append("## ").append(title).append("\n\n");
        facts.forEach((k, v) -> header.append("- ").append(k).append(": ").append(v).append('\n'));
        header.append('\n');
        return this;
    }

    Report heading(String title) {
        results.append("## ").append(title).append("\n\n");
        return this;
    }

    Report subheading(String title) {
        results.append("### ").append(title).append("\n\n");
        return this;
    }

    Report paragraph(String text) {
        results.append(text).append("\n\n");
        return this;
    }

    Report bullets(List<String> items) {
        for (String item : items) {
            results.append("- ").append(item).append('\n');
        }
        results.append('\n');
        return this;
    }

    Report table(MarkdownTable table) {
        results.append(table.render()).append('\n');
        return this;
    }

    String markdown() {
        return header.toString() + results;
    }

    /** Prints the result sections. */
    void print(PrintStream out) {
        out.print(results);
        out.flush();
    }

    /**
     * Writes {@code <dir>/YYYY-MM-DD-<subcommand>.md}; if that exists, {@code ...-<subcommand>-2.md} and so on,
     * so earlier results of the day are never overwritten.
     */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = DAY.format(started) + "-" + subcommand;
        Path file = dir.resolve(base + ".md");
        for (int n = 2; Files.exists(file); n++) {
            file = dir.resolve(base + "-" + n + ".md");
        }
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        return file;
    }

    /** Microseconds as milliseconds with three decimals ("1.234"). */
    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }

    /** Microseconds as signed milliseconds with three decimals ("+0.210", "-0.015"). */
    static String signedMillis(long micros) {
        return String.format(Locale.ROOT, "%+.3f", micros / 1000.0);
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
