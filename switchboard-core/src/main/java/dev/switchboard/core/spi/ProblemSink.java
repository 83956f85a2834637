package dev.switchboard.core.spi;

/** Collects problems found while checking one part of a config file. */
@FunctionalInterface
public interface ProblemSink {

    /**
     * @param field the option at fault, relative to the part being checked (e.g. {@code base_url})
     * @param message what is wrong and how to fix it
     */
    void report(String field, String message);
}
