package dev.switchboard.guard.pii;

import java.util.List;
import java.util.Set;

/**
 * Finds entities of some types in a text: a pattern with validators, a lexicon, a statistical
 * model. The {@link Analyzer} runs recognizers on the normalized text (see {@link NormalizedText})
 * and maps findings back to the original, so a recognizer sees text without zero-width characters,
 * bidi controls or confusable letters and never has to care about them.
 *
 * <p>Contract: thread-safe and stateless between calls; linear or near-linear in the text's length
 * (no backtracking blow-up on hostile input); returns raw scores before context enhancement
 * ({@link #contextWords()} are applied by the analyzer); never returns spans outside the text.
 */
public interface Recognizer {

    /** Stable name, shown in findings and used in configuration, e.g. {@code credit_card}. */
    String name();

    /** The entity types this recognizer can find. */
    Set<String> entities();

    /**
     * Findings in {@code text} for the types in {@code wanted} (a subset of {@link #entities()}
     * never empty).
     */
    List<Finding> analyze(String text, Set<String> wanted);

    /**
     * As {@link #analyze(String, Set)}, but findings whose raw score is below {@code leastScore}
     * may be left out (the default leaves none out). The {@link Analyzer} passes its threshold
     * when the text holds none of {@link #contextWords()}, as no finding's score can then be
     * raised and those below the threshold would be dropped anyway, and 0 otherwise: a
     * recognizer whose weak patterns need context can skip them.
     */
    default List<Finding> analyze(String text, Set<String> wanted, double leastScore) {
        return analyze(text, wanted);
    }

    /**
     * Words that make this recognizer's findings more likely when they appear shortly before
     * them (lower case; e.g. "card", "visa" for credit cards). Empty for none.
     */
    default Set<String> contextWords() {
        return Set.of();
    }
}
