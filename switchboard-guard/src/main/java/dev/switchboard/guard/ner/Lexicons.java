package dev.switchboard.guard.ner;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds NRP (nationalities, religious and political groups) and TITLE (honorifics before a name,
 * job titles) from word lists: lists are short and closed, so a lexicon with a few context rules
 * is more precise than a statistical model trained on little data. Immutable and thread-safe.
 */
final class Lexicons {

    /** Score of a capitalized nationality, religion or party word. */
    static final double NRP_SCORE = 0.85;
    /** Score of the same word in lower case ("american"), less sure but still above the default threshold. */
    static final double NRP_LOWER_SCORE = 0.5;
    static final double HONORIFIC_SCORE = 0.85;
    static final double OTHER_TITLE_SCORE = 0.6;
    static final double OCCUPATION_IN_CONTEXT_SCORE = 0.75;
    /** A bare job word ("driver") without "as a" or a form label is rarely worth redacting. */
    static final double OCCUPATION_SCORE = 0.3;

    private static final int MAX_PHRASE_WORDS = 3;
    private static final int MAX_MODIFIERS = 3;
    /** Lower-case words that are usually not a nationality or group. */
    private static final Set<String> AMBIGUOUS_LOWER = Set.of("polish", "orthodox", "democratic", "catholic",
            "evangelical", "pagan", "han", "lao", "roma", "indigenous", "nationalist", "turkey", "turks", "swede",
            "swedes", "pole", "poles", "scot", "finn", "dane", "jew", "native american", "republican", "federalist",
            "unionist", "loyalist", "anglo", "celtic", "nordic", "liberal", "arabic", "english", "french", "dutch",
            "greek", "welsh", "irish", "china", "indian", "georgian", "balkan", "caribbean", "asian", "european");
    private static final Set<String> SHORT_HONORIFICS = Set.of("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.",
            "miss", "mister", "dr", "dr.", "prof", "prof.", "sir", "dame", "madam", "madame", "mme", "mme.", "mlle",
            "mlle.", "rev", "rev.", "fr.", "hon.");
    private static final Set<String> NOT_MODIFIERS = Set.of("a", "an", "the", "my", "your", "his", "her", "our",
            "their", "its", "this", "that", "and", "or", "of", "at", "in", "for", "with", "as", "to", "on", "is",
            "was", "be", "i", "you", "he", "she", "we", "they", "it", "am", "are", "not", "no", "well", "also");
    private static final Set<String> BEFORE_ARTICLE = Set.of("as", "am", "is", "was", "'m", "'s", "be", "been",
            "become", "became", "becoming", "hired", "work", "works", "worked", "working", "employed", "job",
            "career");
    private static final Set<String> FORM_LABELS = Set.of("occupation", "profession", "title", "position", "role",
            "job", "designation");

    private final Set<String> nrp;
    private final Set<String> honorifics;
    private final Set<String> occupations;
    /** First words of the phrases of two or more words in any list, so most words need one lookup. */
    private final Set<String> phraseStarts;

    Lexicons(Set<String> nrp, Set<String> honorifics, Set<String> occupations) {
        this.nrp = Set.copyOf(withPlurals(nrp));
        this.honorifics = Set.copyOf(honorifics);
        this.occupations = Set.copyOf(occupations);
        Set<String> starts = new HashSet<>();
        for (Set<String> list : List.of(this.nrp, this.honorifics, this.occupations)) {
            for (String phrase : list) {
                int space = phrase.indexOf(' ');
                if (space > 0) {
                    starts.add(phrase.substring(0, space));
                }
            }
        }
        this.phraseStarts = Set.copyOf(starts);
    }

    static Lexicons load() {
        return new Lexicons(read("nrp.txt"), read("honorifics.txt"), read("occupations.txt"));
    }

    static Set<String> read(String resource) {
        InputStream in = Lexicons.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource dev/switchboard/guard/ner/" + resource);
        }
        Set<String> words = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    words.add(line.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return words;
    }

    Set<String> nrpWords() {
        return nrp;
    }

    Set<String> honorificWords() {
        return honorifics;
    }

    Set<String> occupationWords() {
        return occupations;
    }

    private static Set<String> withPlurals(Set<String> words) {
        Set<String> all = new HashSet<>(words);
        for (String word : words) {
            if (word.endsWith("man")) {
                all.add(word.substring(0, word.length() - 3) + "men");
            } else if (word.endsWith("ese") || word.endsWith("ish") || word.endsWith("ch") || word.endsWith("ss")
                    || word.endsWith("ic") && !word.endsWith("catholic") || word.endsWith("sh")) {
                continue;
            } else if (word.endsWith("s") || word.endsWith("x") || word.endsWith("z")) {
                all.add(word + "es");
            } else {
                all.add(word + "s");
            }
        }
        return all;
    }

    /** Adds NRP and TITLE findings over {@code tokens} to {@code out}. */
    void find(Tokens tokens, String[] lower, boolean wantNrp, boolean wantTitle, String recognizer, List<Finding> out) {
        int n = tokens.size();
        for (int i = 0; i < n; i++) {
            if (!Character.isLetter(lower[i].charAt(0))) {
                continue;
            }
            if (wantNrp) {
                int words = longestMatch(nrp, lower, i);
                if (words > 0) {
                    String first = tokens.word(i);
                    boolean capitalized = Character.isUpperCase(first.charAt(0));
                    String phrase = join(lower, i, words);
                    if (capitalized || !AMBIGUOUS_LOWER.contains(phrase)) {
                        out.add(new Finding(Entities.NRP, tokens.start(i), tokens.end(i + words - 1),
                                capitalized ? NRP_SCORE : NRP_LOWER_SCORE, recognizer));
                    }
                    i += words - 1;
                    continue;
                }
            }
            if (wantTitle) {
                int words = longestMatch(honorifics, lower, i);
                if (words > 0 && i + words < n && startsName(tokens.word(i + words))
                        && Character.isUpperCase(tokens.word(i).charAt(0))) {
                    String phrase = join(lower, i, words);
                    double score = SHORT_HONORIFICS.contains(phrase) ? HONORIFIC_SCORE : OTHER_TITLE_SCORE;
                    out.add(new Finding(Entities.TITLE, tokens.start(i), tokens.end(i + words - 1), score, recognizer));
                    i += words - 1;
                    continue;
                }
                int end = occupationEnd(lower, i);
                if (end > i) {
                    int start = occupationStart(lower, i);
                    double score = start >= 0 ? OCCUPATION_IN_CONTEXT_SCORE : OCCUPATION_SCORE;
                    int from = start >= 0 ? start : i;
                    out.add(new Finding(Entities.TITLE, tokens.start(from), tokens.end(end - 1), score, recognizer));
                    i = end - 1;
                }
            }
        }
    }

    /** The end (exclusive) of an occupation starting at or containing word {@code i}, or {@code i}. */
    private int occupationEnd(String[] lower, int i) {
        int words = longestMatch(occupations, lower, i);
        return i + words;
    }

    /**
     * Where a job title ending at word {@code head} starts when a context ("as a", "job title:")
     * comes before it, taking up to three modifier words ("rolling machine operator"); -1 without one.
     */
    private static int occupationStart(String[] lower, int head) {
        for (int start = head; start >= 0 && head - start <= MAX_MODIFIERS; start--) {
            if (start < head && !isModifier(lower[start])) {
                return -1;
            }
            if (hasTitleContext(lower, start)) {
                return start;
            }
        }
        return -1;
    }

    private static boolean isModifier(String word) {
        return Character.isLetter(word.charAt(0)) && !NOT_MODIFIERS.contains(word);
    }

    private static boolean hasTitleContext(String[] lower, int start) {
        if (start == 0) {
            return false;
        }
        String before = lower[start - 1];
        if (before.equals("as") || FORM_LABELS.contains(before) && !before.equals("job") && !before.equals("title")) {
            return true;
        }
        if (before.equals(":") && start >= 2 && FORM_LABELS.contains(lower[start - 2])) {
            return true;
        }
        return (before.equals("a") || before.equals("an")) && start >= 2 && BEFORE_ARTICLE.contains(lower[start - 2]);
    }

    private static boolean startsName(String word) {
        return !word.isEmpty() && Character.isUpperCase(word.codePointAt(0));
    }

    private int longestMatch(Set<String> phrases, String[] lower, int i) {
        int longest = phraseStarts.contains(lower[i]) ? Math.min(MAX_PHRASE_WORDS, lower.length - i) : 1;
        for (int words = longest; words >= 1; words--) {
            if (phrases.contains(join(lower, i, words))) {
                return words;
            }
        }
        return 0;
    }

    private static String join(String[] lower, int from, int words) {
        if (words == 1) {
            return lower[from];
        }
        StringBuilder joined = new StringBuilder(lower[from]);
        for (int k = 1; k < words; k++) {
            joined.append(' ').append(lower[from + k]);
        }
        return joined.toString();
    }
}
