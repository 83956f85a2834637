package dev.switchboard.guard.pii.patterns;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Checks a pattern match beyond what a regex can: a checksum, a date that exists, a known
 * top-level domain. A match found {@link Verdict#VALID} is reported at its recognizer's validated
 * score, one found {@link Verdict#INVALID} is dropped, and with {@link Verdict#UNKNOWN} the
 * pattern's own score stands (Presidio's {@code validate_result}/{@code invalidate_result}).
 *
 * <p>Implementations are pure functions of the matched text and thread-safe.
 */
@FunctionalInterface
public interface Validator {

    /** What a validator concluded about one match. */
    enum Verdict { VALID, INVALID, UNKNOWN }

    /** Accepts every match as it is. */
    Validator NONE = rejecting(match -> false);

    Verdict check(String match);

    /**
     * False when this validator never finds a match {@link Verdict#VALID} (so a match never
     * scores above its pattern's score); true when it may.
     */
    default boolean mayProve() {
        return true;
    }

    /** VALID when {@code test} holds, INVALID otherwise. */
    static Validator of(Predicate<String> test) {
        return match -> test.test(match) ? Verdict.VALID : Verdict.INVALID;
    }

    /** INVALID when {@code rejects} holds, UNKNOWN otherwise: a filter that adds no confidence. */
    static Validator rejecting(Predicate<String> rejects) {
        return new Validator() {
            @Override
            public Verdict check(String match) {
                return rejects.test(match) ? Verdict.INVALID : Verdict.UNKNOWN;
            }

            @Override
            public boolean mayProve() {
                return false;
            }
        };
    }

    /** This check, then {@code next} for matches this one did not reject. */
    default Validator and(Validator next) {
        Validator first = this;
        return new Validator() {
            @Override
            public Verdict check(String match) {
                Verdict verdict = first.check(match);
                if (verdict == Verdict.INVALID) {
                    return verdict;
                }
                Verdict second = next.check(match);
                return second == Verdict.UNKNOWN ? verdict : second;
            }

            @Override
            public boolean mayProve() {
                return first.mayProve() || next.mayProve();
            }
        };
    }

    /**
     * A validator by its configuration name: {@code luhn} (digits of the match, ignoring spaces
     * and dashes), {@code mod97} (an IBAN-style ISO 7064 check) or {@code none}.
     *
     * @throws IllegalArgumentException for any other name
     */
    static Validator named(String name) {
        return switch (name == null ? "none" : name.toLowerCase(Locale.ROOT)) {
            case "none", "" -> NONE;
            case "luhn" -> of(match -> Checksums.luhn(Checksums.digitsOf(match)));
            case "mod97" -> of(Checksums::mod97);
            default -> throw new IllegalArgumentException(
                    "unknown validator '" + name + "': use luhn, mod97 or none");
        };
    }
}
