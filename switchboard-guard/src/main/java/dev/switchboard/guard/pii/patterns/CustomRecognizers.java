package dev.switchboard.guard.pii.patterns;

import com.google.re2j.PatternSyntaxException;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognizers built from configuration: regular expressions with an optional validator and
 * context words, and deny lists of phrases. User regexes run on RE2/J, whose matching time is
 * linear in the text whatever the pattern, so no configuration can cause catastrophic
 * backtracking. Every factory rejects bad input with an {@link IllegalArgumentException} that
 * names the recognizer and, for a pattern, the pattern and what is wrong with it.
 */
public final class CustomRecognizers {

    /** Most phrases one deny list may hold. */
    public static final int MAX_PHRASES = 1_000_000;
    /** Longest regex accepted, in chars. */
    public static final int MAX_REGEX_CHARS = 2_000;
    /** Score of a deny-list match, as Presidio's deny-list recognizers report. */
    public static final double DENY_LIST_SCORE = 1.0;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final Pattern ENTITY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private CustomRecognizers() {
    }

    /**
     * A regex recognizer.
     *
     * @param name unique recognizer name: lower case letters, digits, {@code _ . -}
     * @param entity entity type it reports, upper snake case, e.g. {@code EMPLOYEE_ID}
     * @param patterns at least one; RE2 syntax
     * @param context lower-case context words (any case accepted), may be empty
     * @param validator {@code luhn}, {@code mod97} or {@code none} (null means none); a match the
     *     validator proves valid scores 1.0, one it rejects is dropped
     */
    public static Recognizer regex(String name, String entity, List<PatternSpec> patterns, Set<String> context,
            String validator) {
        checkName(name);
        checkEntity(name, entity);
        if (patterns == null || patterns.isEmpty()) {
            throw new IllegalArgumentException("recognizer '" + name + "' needs at least one pattern");
        }
        Validator checked;
        try {
            checked = Validator.named(validator);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recognizer '" + name + "': " + e.getMessage(), e);
        }
        List<PatternRule> rules = new ArrayList<>();
        for (PatternSpec spec : patterns) {
            rules.add(compile(name, spec));
        }
        return new PatternRecognizer(name, entity, rules, checked, 1.0, lowerCase(name, context));
    }

    /**
     * A deny-list recognizer: each phrase found as whole words, any case, at score
     * {@value #DENY_LIST_SCORE}.
     *
     * @param phrases at least one, none blank, at most {@value #MAX_PHRASES}
     */
    public static Recognizer denyList(String name, String entity, List<String> phrases) {
        checkName(name);
        checkEntity(name, entity);
        if (phrases == null || phrases.isEmpty()) {
            throw new IllegalArgumentException("deny list '" + name + "' needs at least one phrase");
        }
        if (phrases.size() > MAX_PHRASES) {
            throw new IllegalArgumentException("deny list '" + name + "' has " + phrases.size()
                    + " phrases, more than the limit of " + MAX_PHRASES);
        }
        for (int i = 0; i < phrases.size(); i++) {
            String phrase = phrases.get(i);
            if (phrase == null || phrase.isBlank()) {
                throw new IllegalArgumentException("deny list '" + name + "': phrase " + (i + 1) + " is blank");
            }
        }
        return new DenyListRecognizer(name, entity, phrases, DENY_LIST_SCORE, Set.of());
    }

    private static PatternRule compile(String recognizer, PatternSpec spec) {
        String where = "recognizer '" + recognizer + "', pattern '" + spec.name() + "'";
        if (!(spec.score() >= 0 && spec.score() <= 1)) {
            throw new IllegalArgumentException(where + ": score must be between 0 and 1: " + spec.score());
        }
        if (spec.regex().isEmpty()) {
            throw new IllegalArgumentException(where + ": regex is empty");
        }
        if (spec.regex().length() > MAX_REGEX_CHARS) {
            throw new IllegalArgumentException(where + ": regex has " + spec.regex().length()
                    + " chars, more than the limit of " + MAX_REGEX_CHARS);
        }
        com.google.re2j.Pattern pattern;
        try {
            pattern = com.google.re2j.Pattern.compile(spec.regex());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": invalid regex: " + e.getDescription()
                    + " (RE2 syntax: no backreferences or lookaround)", e);
        }
        if (pattern.matches("")) {
            throw new IllegalArgumentException(where + ": regex matches the empty string, so it would match everywhere");
        }
        return PatternRule.re2(spec.name(), pattern, spec.score());
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("recognizer name must be 1 to 64 of a-z 0-9 _ . - : " + name);
        }
    }

    private static void checkEntity(String name, String entity) {
        if (entity == null || !ENTITY.matcher(entity).matches()) {
            throw new IllegalArgumentException("recognizer '" + name
                    + "': entity must be upper snake case such as EMPLOYEE_ID: " + entity);
        }
    }

    private static Set<String> lowerCase(String name, Set<String> context) {
        if (context == null) {
            return Set.of();
        }
        Set<String> words = new java.util.HashSet<>();
        for (String word : context) {
            if (word == null || word.isBlank()) {
                throw new IllegalArgumentException("recognizer '" + name + "': a context word is blank");
            }
            words.add(word.strip().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(words);
    }
}
