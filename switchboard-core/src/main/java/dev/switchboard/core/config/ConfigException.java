package dev.switchboard.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used, with every problem found in it, each as
 * {@code file:line: path: message}.
 */
public final class ConfigException extends Exception {

    private final String source;
    private final List<Problem> problems;

    public ConfigException(String source, List<Problem> problems) {
        super(describe(source, problems), null, false, false);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(String source, List<Problem> problems) {
        return problems.stream()
                .map(p -> source + (p.line() > 0 ? ":" + p.line() : "") + ": "
                        + (p.path().isEmpty() ? "" : p.path() + ": ") + p.message())
                .collect(Collectors.joining("\n"));
    }
}
