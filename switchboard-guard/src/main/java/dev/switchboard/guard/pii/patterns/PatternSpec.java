package dev.switchboard.guard.pii.patterns;

import java.util.Objects;

/**
 * One user-configured pattern of a custom regex recognizer.
 *
 * @param name shown in errors and explanations
 * @param regex RE2 syntax (no backreferences or lookaround; matching is linear in the text)
 * @param score 0 to 1, before validation and context
 */
public record PatternSpec(String name, String regex, double score) {

    public PatternSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(regex, "regex");
    }
}
