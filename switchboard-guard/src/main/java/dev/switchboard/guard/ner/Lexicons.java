package dev.switchboard.guard.ner;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    /**
     * Per word on any list or starting a phrase of any list, which ({@link #NRP_WORD},
     * {@link #HONORIFIC_WORD}, {@link #OCCUPATION_WORD}, {@link #PHRASE_START}): one lookup per
     * word of a text instead of one per list.
     */
    private final Map<String, Integer> wordFlags;
    private static final int NRP_WORD = 1, HONORIFIC_WORD = 2, OCCUPATION_WORD = 4, PHRASE_START = 8;

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
        Map<String, Integer> flags = new HashMap<>();
        this.nrp.forEach(word -> flags.merge(word, NRP_WORD, (a, b) -> a | b));
        this.honorifics.forEach(word -> flags.merge(word, HONORIFIC_WORD, (a, b) -> a | b));
        this.occupations.forEach(word -> flags.merge(word, OCCUPATION_WORD, (a, b) -> a | b));
        starts.forEach(word -> flags.merge(word, PHRASE_START, (a, b) -> a | b));
        this.wordFlags = flags; // a HashMap, not Map.copyOf: it compares hashes before equals, and is read only
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
            int flags = wordFlags.getOrDefault(lower[i], 0);
            if (flags == 0) {
                continue; // on no list and starting no phrase: nothing below can match here
            }
            if (wantNrp) {
                int words = longestMatch(nrp, NRP_WORD, flags, lower, i);
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
                int words = longestMatch(honorifics, HONORIFIC_WORD, flags, lower, i);
                if (words > 0 && i + words < n && startsName(tokens.word(i + words))
                        && Character.isUpperCase(tokens.word(i).charAt(0))) {
                    String phrase = join(lower, i, words);
                    double score = SHORT_HONORIFICS.contains(phrase) ? HONORIFIC_SCORE : OTHER_TITLE_SCORE;
                    out.add(new Finding(Entities.TITLE, tokens.start(i), tokens.end(i + words - 1), score, recognizer));
                    i += words - 1;
                    continue;
                }
                int end = i + longestMatch(occupations, OCCUPATION_WORD, flags, lower, i);
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

    /**
     * How many words from word {@code i} make the longest phrase of {@code phrases}, 0 for none.
     *
     * @param listFlag the flag of {@code phrases} in {@link #wordFlags}
     * @param flags the flags of word {@code i}
     */
    private static int longestMatch(Set<String> phrases, int listFlag, int flags, String[] lower, int i) {
        if ((flags & PHRASE_START) == 0) {
            return (flags & listFlag) != 0 ? 1 : 0;
        }
        int longest = Math.min(MAX_PHRASE_WORDS, lower.length - i);
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
