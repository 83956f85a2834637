package dev.switchboard.guard.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs recognizers over a text and returns what they found, as Microsoft Presidio's analyzer does:
 * each recognizer's raw findings, raised by context words shortly before them, filtered by the
 * score threshold, with overlapping findings resolved (see {@link #resolveOverlaps}).
 *
 * <p>Recognizers run on the {@link NormalizedText normalized} text (no zero-width characters, no
 * look-alike letters); findings are reported with offsets into the original text. Texts longer
 * than {@link #maxTextChars()} are refused, so memory per call stays linear and bounded.
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
    /** How many chars before a finding are searched at most, so hostile input stays linear. */
    static final int CONTEXT_CHARS_BEFORE = 120;

    /** Longest text analyzed when no limit is configured, in chars (UTF-16 code units). */
    public static final int DEFAULT_MAX_TEXT_CHARS = 1_000_000;

    private final List<Recognizer> recognizers;
    /** Each recognizer's entity types and context words, read once (recognizers are stateless). */
    private final List<Set<String>> entitiesOf;
    private final List<ContextWords> contextWordsOf;
    /** All recognizers' context words, to tell which of them a text holds. */
    private final ContextIndex contextIndex;
    private final int maxTextChars;

    /** An analyzer with the default text limit of {@value #DEFAULT_MAX_TEXT_CHARS} chars. */
    public Analyzer(List<Recognizer> recognizers) {
        this(recognizers, DEFAULT_MAX_TEXT_CHARS);
    }

    /**
     * @param recognizers run in this order; names must be unique
     * @param maxTextChars longest text {@link #analyze} accepts, in chars; at least 1
     */
    public Analyzer(List<Recognizer> recognizers, int maxTextChars) {
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("maxTextChars must be at least 1: " + maxTextChars);
        }
        this.maxTextChars = maxTextChars;
        this.recognizers = List.copyOf(recognizers);
        Set<String> names = new HashSet<>();
        List<Set<String>> entities = new ArrayList<>();
        List<ContextWords> contextWords = new ArrayList<>();
        for (Recognizer recognizer : this.recognizers) {
            if (!names.add(recognizer.name())) {
                throw new IllegalArgumentException("two recognizers are named '" + recognizer.name() + "'");
            }
            entities.add(Set.copyOf(recognizer.entities()));
            contextWords.add(new ContextWords(Set.copyOf(recognizer.contextWords())));
        }
        this.entitiesOf = List.copyOf(entities);
        this.contextWordsOf = List.copyOf(contextWords);
        this.contextIndex = new ContextIndex(this.recognizers.stream().map(r -> Set.copyOf(r.contextWords())).toList());
    }

    /** Every entity type some recognizer of this analyzer can find. */
    public Set<String> entities() {
        Set<String> all = new HashSet<>();
        recognizers.forEach(recognizer -> all.addAll(recognizer.entities()));
        return Set.copyOf(all);
    }

    /** Longest text {@link #analyze} accepts, in chars. */
    public int maxTextChars() {
        return maxTextChars;
    }

    /**
     * The findings in {@code text}, ordered by start, without overlaps, with offsets into
     * {@code text}.
     *
     * @throws IllegalArgumentException when {@code text} is longer than {@link #maxTextChars()}
     */
    public List<Finding> analyze(String text, AnalysisOptions options) {
        if (text.length() > maxTextChars) {
            throw new IllegalArgumentException("text has " + text.length() + " chars, more than the limit of "
                    + maxTextChars + " chars; split it or raise the limit");
        }
        NormalizedText normalized = NormalizedText.of(text);
        List<Finding> found = new ArrayList<>();
        for (Finding finding : analyzeNormalized(normalized.text(), options)) {
            found.add(normalized.toOriginal(finding));
        }
        return resolveOverlaps(found);
    }

    /** Raw findings with context applied and threshold filtered, on the normalized text. */
    private List<Finding> analyzeNormalized(String text, AnalysisOptions options) {
        List<Finding> found = new ArrayList<>();
        // A recognizer without a context word in the text cannot have a finding raised, so it may
        // skip what would score below the threshold (weak patterns that need context)
        long withContext = options.threshold() > 0 ? contextIndex.present(text) : -1L;
        for (int r = 0; r < recognizers.size(); r++) {
            Recognizer recognizer = recognizers.get(r);
            Set<String> wanted = wanted(entitiesOf.get(r), options);
            if (wanted.isEmpty()) {
                continue;
            }
            ContextWords contextWords = contextWordsOf.get(r);
            double leastScore = (withContext >>> Math.min(r, 63) & 1) != 0 ? 0 : options.threshold();
            for (Finding finding : recognizer.analyze(text, wanted, leastScore)) {
                if (finding.end() > text.length() || !wanted.contains(finding.type())) {
                    throw new IllegalStateException("recognizer " + recognizer.name() + " returned " + finding
                            + " for a text of " + text.length() + " chars and entities " + wanted);
                }
                Finding enhanced = withContext(text, finding, contextWords);
                if (enhanced.score() >= options.threshold() && enhanced.score() > 0) {
                    found.add(enhanced);
                }
            }
        }
        return found;
    }

    /** The types of {@code entities} that {@code options} asks for: all of them when it asks for every type. */
    private static Set<String> wanted(Set<String> entities, AnalysisOptions options) {
        if (options.entities().isEmpty()) {
            return entities;
        }
        Set<String> wanted = new HashSet<>();
        for (String type : entities) {
            if (options.wants(type)) {
                wanted.add(type);
            }
        }
        return Set.copyOf(wanted);
    }

    /**
     * Raises a finding's score when one of {@code contextWords} is among the few words before it
     * (or is the word the finding sits in, as in "ssn:123-45-6789"). A word is a run of letters;
     * one cut by the limit of {@value #CONTEXT_CHARS_BEFORE} chars does not count.
     */
    private static Finding withContext(String text, Finding finding, ContextWords contextWords) {
        if (contextWords.isEmpty()) {
            return finding;
        }
        int position = finding.start();
        int floor = Math.max(0, position - CONTEXT_CHARS_BEFORE);
        for (int words = 0; words < CONTEXT_WORDS_BEFORE && position > floor; ) {
            int end = position;
            while (end > floor && !Character.isLetter(text.charAt(end - 1))) {
                end--;
            }
            int start = end;
            while (start > floor && Character.isLetter(text.charAt(start - 1))) {
                start--;
            }
            if (start == end) {
                break;
            }
            if (start == floor && floor > 0 && Character.isLetter(text.charAt(floor - 1))) {
                break; // a word cut by the limit is no word (and ContextIndex need not look inside words)
            }
            if (contextWords.matches(text, start, end)) {
                // Rounded so that 0.1 + 0.35 is 0.45 and scores compare as configured.
                double raised = Math.round((finding.score() + CONTEXT_BOOST) * 1e6) / 1e6;
                return finding.withScore(Math.max(CONTEXT_MIN_SCORE, raised));
            }
            position = start;
            words++;
        }
        return finding;
    }

    /**
     * A recognizer's context words (lower case), matched by a word equal to one or to its plural
     * ("cards" matches "card"). Most words of a text are told apart by length and first letter,
     * without lower-casing them into a new string. Immutable.
     */
    private static final class ContextWords {
        private final Set<String> words;
        /** Per length of an ASCII word that may match, the first letters it may start with (bit 0 for 'a'; all for other chars). */
        private final int[] firstLetters;

        ContextWords(Set<String> words) {
            this.words = words;
            int longest = words.stream().mapToInt(String::length).max().orElse(0);
            firstLetters = new int[longest + 2];
            for (String word : words) {
                char first = word.isEmpty() ? 0 : word.charAt(0);
                int bit = first >= 'a' && first <= 'z' ? 1 << first - 'a' : -1;
                firstLetters[word.length()] |= bit;
                firstLetters[word.length() + 1] |= bit; // its plural
            }
        }

        boolean isEmpty() {
            return words.isEmpty();
        }

        /** Whether the letters {@code text[start, end)}, lower-cased, are a context word or its plural. */
        boolean matches(String text, int start, int end) {
            if (isAscii(text, start, end)) {
                // an ASCII word keeps its length when lower-cased, and its letters are a-z then
                int length = end - start;
                if (length >= firstLetters.length
                        || (firstLetters[length] >>> (text.charAt(start) | 0x20) - 'a' & 1) == 0) {
                    return false;
                }
            }
            String word = text.substring(start, end).toLowerCase(Locale.ROOT);
            return words.contains(word) || word.endsWith("s") && words.contains(word.substring(0, word.length() - 1));
        }

        private static boolean isAscii(String text, int start, int end) {
            for (int i = start; i < end; i++) {
                if (text.charAt(i) >= 128) {
                    return false;
                }
            }
            return true;
        }
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
        // Kept findings never overlap each other, so keyed by start they are also ordered by end,
        // and the ones a candidate overlaps form one run: only the run's two ends can fail to be
        // strictly inside the candidate. That keeps this O(n log n) on hostile input.
        TreeMap<Integer, Finding> kept = new TreeMap<>();
        for (Finding candidate : byStrength) {
            Map.Entry<Integer, Finding> before = kept.lowerEntry(candidate.start());
            Integer from = before != null && before.getValue().end() > candidate.start() ? before.getKey() : candidate.start();
            var conflicts = kept.subMap(from, true, candidate.end(), false);
            if (!conflicts.isEmpty()) {
                Finding first = conflicts.firstEntry().getValue();
                Finding last = conflicts.lastEntry().getValue();
                boolean containsAll = candidate.contains(first) && candidate.contains(last)
                        && (first != last || candidate.length() > first.length());
                if (!containsAll) {
                    continue;
                }
                conflicts.clear();
            }
            kept.put(candidate.start(), candidate);
        }
        return List.copyOf(kept.values());
    }
}
