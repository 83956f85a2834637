package dev.switchboard.guard.safety;

import dev.switchboard.guard.classify.GuardText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Detects a request's system prompt echoed back in the answer, as the answer grows: the share of the
 * prompt's 5-word sequences (normalized, lower case) the answer has repeated so far, or 1 as soon as
 * the answer contains a distinctive token of the prompt (six or more chars with a digit, an inner
 * capital, or an inner {@code _}: codes, keys, identifiers), compared exactly.
 *
 * <p>Fed incrementally ({@link #add}), it keeps the last four words so a sequence split across two
 * additions is still seen; work is linear in the answer. Not thread-safe: one per answer.
 */
public final class LeakageDetector {

    static final int SHINGLE_WORDS = 5;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[\\p{Punct}“”‘’«»]+|[\\p{Punct}“”‘’«»]+$");
    static final int MIN_TOKEN_CHARS = 6;

    private final Set<String> promptShingles;
    private final List<String> distinctive;
    private final Set<String> echoed = new HashSet<>();
    private final List<String> carry = new ArrayList<>(SHINGLE_WORDS);
    private String rawTail = "";
    /** A word the last addition ended in the middle of, perhaps: counted once the next addition shows its end. */
    private String partialWord = "";
    private boolean distinctiveEchoed;

    public LeakageDetector(String systemPrompt) {
        this.promptShingles = shingles(words(GuardText.fold(systemPrompt)));
        this.distinctive = distinctiveTokens(systemPrompt);
    }

    /** True when there is nothing to protect: the prompt is too short to recognise. */
    public boolean isEmpty() {
        return promptShingles.isEmpty() && distinctive.isEmpty();
    }

    /**
     * The leak score of the answer so far plus {@code text}, 0 to 1, without remembering {@code text};
     * a word {@code text} ends in counts as complete.
     */
    public double peek(String text) {
        LeakageDetector copy = copy();
        copy.add(text);
        copy.add(" "); // whatever the text ended with counts as a whole word here
        return copy.score();
    }

    /** Adds the next part of the answer. */
    public void add(String text) {
        String raw = rawTail + text;
        for (String token : distinctive) {
            if (raw.contains(token)) {
                distinctiveEchoed = true;
                break;
            }
        }
        int keep = distinctive.stream().mapToInt(String::length).max().orElse(0);
        rawTail = raw.length() > keep ? raw.substring(raw.length() - keep) : raw;
        if (promptShingles.isEmpty()) {
            return;
        }
        String folded = GuardText.fold(partialWord + text);
        List<String> words = new ArrayList<>(carry);
        words.addAll(words(folded));
        partialWord = "";
        if (!folded.isEmpty() && Character.isLetterOrDigit(folded.charAt(folded.length() - 1)) && !words.isEmpty()
                && !text.isEmpty() && !Character.isWhitespace(text.charAt(text.length() - 1))) {
            partialWord = words.remove(words.size() - 1);
        }
        for (int i = 0; i + SHINGLE_WORDS <= words.size(); i++) {
            String shingle = String.join(" ", words.subList(i, i + SHINGLE_WORDS));
            if (promptShingles.contains(shingle)) {
                echoed.add(shingle);
            }
        }
        carry.clear();
        carry.addAll(words.subList(Math.max(0, words.size() - (SHINGLE_WORDS - 1)), words.size()));
    }

    /** The share of the prompt's 5-word sequences repeated so far, or 1 once a distinctive token was. */
    public double score() {
        if (distinctiveEchoed) {
            return 1;
        }
        return promptShingles.isEmpty() ? 0 : (double) echoed.size() / promptShingles.size();
    }

    private LeakageDetector copy() {
        LeakageDetector copy = new LeakageDetector(promptShingles, distinctive);
        copy.echoed.addAll(echoed);
        copy.carry.addAll(carry);
        copy.rawTail = rawTail;
        copy.partialWord = partialWord;
        copy.distinctiveEchoed = distinctiveEchoed;
        return copy;
    }

    private LeakageDetector(Set<String> promptShingles, List<String> distinctive) {
        this.promptShingles = promptShingles;
        this.distinctive = distinctive;
    }

    private static List<String> words(String folded) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < folded.length()) {
            if (!Character.isLetterOrDigit(folded.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < folded.length() && (Character.isLetterOrDigit(folded.charAt(i)) || folded.charAt(i) == '\'')) {
                i++;
            }
            words.add(folded.substring(start, i));
        }
        return words;
    }

    private static Set<String> shingles(List<String> words) {
        Set<String> shingles = new HashSet<>();
        for (int i = 0; i + SHINGLE_WORDS <= words.size(); i++) {
            shingles.add(String.join(" ", words.subList(i, i + SHINGLE_WORDS)));
        }
        return shingles;
    }

    /** Tokens of the prompt (split at whitespace, edge punctuation trimmed) that look like codes or identifiers. */
    static List<String> distinctiveTokens(String prompt) {
        List<String> tokens = new ArrayList<>();
        for (String raw : WHITESPACE.split(prompt)) {
            String token = EDGE_PUNCTUATION.matcher(raw).replaceAll("");
            if (token.length() < MIN_TOKEN_CHARS || token.length() > 200 || tokens.contains(token)) {
                continue;
            }
            boolean digit = false;
            boolean innerUpper = false;
            boolean innerJoin = false;
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                digit |= Character.isDigit(c);
                innerUpper |= i > 0 && Character.isUpperCase(c) && Character.isLowerCase(token.charAt(i - 1));
                innerJoin |= i > 0 && i < token.length() - 1 && c == '_';
            }
            if (digit || innerUpper || innerJoin) {
                tokens.add(token);
            }
        }
        return tokens;
    }
}
