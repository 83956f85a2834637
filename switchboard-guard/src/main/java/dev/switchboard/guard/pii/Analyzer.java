package dev.switchboard.guard.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs recognizers over a text and returns what they found, as Microsoft Presidio's analyzer does:
 * each recognizer's raw findings, raised by context words shortly before them, filtered by the
 * score threshold, with overlapping findings resolved (see {@link #resolveOverlaps}).
 *
 * <p>Thread-safe and immutable; recognizers are shared by all calls.
 */
public final class Analyzer {

    /** How much a context word nearby raises a score (Presidio's context similarity factor). */
    static final double CONTEXT_BOOST = 0.35;
    /** The least score a finding with a context word nearby gets. */
    static final double CONTEXT_MIN_SCORE = 0.4;
    /** How many words before a finding are searched for context words. */
    static final int CONTEXT_WORDS_BEFORE = 5;

    private final List<Recognizer> recognizers;

    public Analyzer(List<Recognizer> recognizers) {
        this.recognizers = List.copyOf(recognizers);
        Set<String> names = new HashSet<>();
        for (Recognizer recognizer : this.recognizers) {
            if (!names.add(recognizer.name())) {
                throw new IllegalArgumentException("two recognizers are named '" + recognizer.name() + "'");
            }
        }
    }

    /** Every entity type some recognizer of this analyzer can find. */
    public Set<String> entities() {
        Set<String> all = new HashSet<>();
        recognizers.forEach(recognizer -> all.addAll(recognizer.entities()));
        return Set.copyOf(all);
    }

    /** The findings in {@code text}, ordered by start, without overlaps. */
    public List<Finding> analyze(String text, AnalysisOptions options) {
        List<Finding> found = new ArrayList<>();
        for (Recognizer recognizer : recognizers) {
            Set<String> wanted = new HashSet<>();
            for (String type : recognizer.entities()) {
                if (options.wants(type)) {
                    wanted.add(type);
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            for (Finding finding : recognizer.analyze(text, Set.copyOf(wanted))) {
                if (finding.end() > text.length() || !wanted.contains(finding.type())) {
                    throw new IllegalStateException("recognizer " + recognizer.name() + " returned " + finding
                            + " for a text of " + text.length() + " chars and entities " + wanted);
                }
                Finding enhanced = withContext(text, finding, recognizer.contextWords());
                if (enhanced.score() >= options.threshold() && enhanced.score() > 0) {
                    found.add(enhanced);
                }
            }
        }
        return resolveOverlaps(found);
    }

    /**
     * Raises a finding's score when one of {@code contextWords} is among the few words before it
     * (or is the word the finding sits in, as in "ssn:123-45-6789").
     */
    static Finding withContext(String text, Finding finding, Set<String> contextWords) {
        if (contextWords.isEmpty()) {
            return finding;
        }
        int position = finding.start();
        for (int words = 0; words < CONTEXT_WORDS_BEFORE && position > 0; ) {
            int end = position;
            while (end > 0 && !Character.isLetter(text.charAt(end - 1))) {
                end--;
            }
            int start = end;
            while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
                start--;
            }
            if (start == end) {
                break;
            }
            String word = text.substring(start, end).toLowerCase(Locale.ROOT);
            if (matchesContext(word, contextWords)) {
                return finding.withScore(Math.max(CONTEXT_MIN_SCORE, finding.score() + CONTEXT_BOOST));
            }
            position = start;
            words++;
        }
        return finding;
    }

    /** A word matches a context word equal to it or to its singular ("cards" matches "card"). */
    private static boolean matchesContext(String word, Set<String> contextWords) {
        return contextWords.contains(word) || word.endsWith("s") && contextWords.contains(word.substring(0, word.length() - 1));
    }

    /**
     * Resolves overlapping findings: of two findings on the same span the higher score wins; a
     * finding that strictly contains another wins over it whatever their scores; of two findings
     * that partly overlap the higher score wins (then the longer, then the earlier). Returns the
     * survivors ordered by start.
     */
    static List<Finding> resolveOverlaps(List<Finding> findings) {
        List<Finding> byStrength = new ArrayList<>(findings);
        byStrength.sort(Comparator.comparingDouble(Finding::score).reversed()
                .thenComparing(Comparator.comparingInt(Finding::length).reversed())
                .thenComparingInt(Finding::start));
        List<Finding> kept = new ArrayList<>();
        for (Finding candidate : byStrength) {
            List<Finding> conflicts = kept.stream().filter(candidate::overlaps).toList();
            boolean containsAll = conflicts.stream()
                    .allMatch(k -> candidate.contains(k) && candidate.length() > k.length());
            if (conflicts.isEmpty() || containsAll) {
                kept.removeAll(conflicts);
                kept.add(candidate);
            }
        }
        kept.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
        return List.copyOf(kept);
    }
}
