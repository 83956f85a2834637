package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds one entity type with patterns and an optional validator, as Presidio's
 * {@code PatternRecognizer} does: every match of every rule scores the rule's score; the validator
 * may drop it or, when it proves it (a checksum), raise it to {@link #validatedScore()}.
 *
 * <p>Immutable and thread-safe; linear in the text as long as its rules are.
 */
public final class PatternRecognizer implements Recognizer {

    private final String name;
    private final String entity;
    private final List<PatternRule> rules;
    private final Validator validator;
    private final double validatedScore;
    private final Set<String> contextWords;

    /**
     * @param name unique recognizer name, e.g. {@code us_ssn}
     * @param entity the one entity type it finds
     * @param rules at least one
     * @param validator checks each match; {@link Validator#NONE} for none
     * @param validatedScore score of a match the validator proved VALID (never below the rule's score)
     * @param contextWords lower-case words that raise a nearby match's score
     */
    public PatternRecognizer(String name, String entity, List<PatternRule> rules, Validator validator,
            double validatedScore, Set<String> contextWords) {
        this.name = Objects.requireNonNull(name, "name");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.rules = List.copyOf(rules);
        this.validator = Objects.requireNonNull(validator, "validator");
        this.validatedScore = validatedScore;
        this.contextWords = Set.copyOf(contextWords);
        if (this.rules.isEmpty()) {
            throw new IllegalArgumentException("recognizer '" + name + "' needs at least one pattern");
        }
        if (!(validatedScore >= 0 && validatedScore <= 1)) {
            throw new IllegalArgumentException("validated score of '" + name + "' must be between 0 and 1: " + validatedScore);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> entities() {
        return Set.of(entity);
    }

    @Override
    public Set<String> contextWords() {
        return contextWords;
    }

    public double validatedScore() {
        return validatedScore;
    }

    /** The most a match of {@code rule} can score: its own score, or the validated one if the validator may prove it. */
    private double highestScore(PatternRule rule) {
        return validator.mayProve() ? Math.max(rule.score(), validatedScore) : rule.score();
    }

    @Override
    public List<Finding> analyze(String text, Set<String> wanted) {
        return analyze(text, wanted, 0);
    }

    /** As {@link #analyze(String, Set)}, without running the rules whose every match scores below {@code leastScore}. */
    @Override
    public List<Finding> analyze(String text, Set<String> wanted, double leastScore) {
        List<Finding> found = new ArrayList<>();
        for (PatternRule rule : rules) {
            if (highestScore(rule) < leastScore) {
                continue;
            }
            rule.finder().find(text, (start, end) -> {
                double score = switch (validator.check(text.substring(start, end))) {
                    case VALID -> Math.max(rule.score(), validatedScore);
                    case INVALID -> 0;
                    case UNKNOWN -> rule.score();
                };
                if (score > 0) {
                    found.add(new Finding(entity, start, end, score, name));
                }
            });
        }
        return found;
    }
}
