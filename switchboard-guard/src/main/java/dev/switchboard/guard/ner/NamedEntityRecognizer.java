package dev.switchboard.guard.ner;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Finds PERSON, LOCATION and ORGANIZATION with a linear-chain tagger trained by Switchboard
 * (see {@code docs/pii-ner-model.md}), and NRP and TITLE with word lists and context rules.
 *
 * <p>The model and gazetteer ship in this jar under {@code dev/switchboard/guard/ner/} and are read
 * once, on the first call of any instance (about half a second, ~23 MB of heap); {@link #preload()} does
 * it ahead of traffic. A finding's score is the model's probability of its label sequence span
 * (the least of its words' marginal probabilities), so the analyzer's threshold applies as it does
 * to other recognizers. Thread-safe; tagging is linear in the text's length.
 */
public final class NamedEntityRecognizer implements Recognizer {

    /** This recognizer's name in findings and configuration. */
    public static final String NAME = "named_entities";

    static final String MODEL_RESOURCE = "ner-model.bin.gz";
    static final String GAZETTEER_RESOURCE = "gazetteer.tsv.gz";
    /** Longest run of words tagged as one sequence; longer sentences are cut (rare outside lists). */
    static final int MAX_SEGMENT_WORDS = 128;

    /** Only names found at least this sure are looked for again elsewhere in the text. */
    static final double REPEATED_NAME_MIN_SCORE = 0.6;
    /** A repeated name's score is its best score elsewhere times this. */
    static final double REPEATED_NAME_FACTOR = 0.8;

    private static final String[] TYPES = {Entities.PERSON, Entities.LOCATION, Entities.ORGANIZATION};

    /** The recognizer with the model shipped in this jar. */
    public NamedEntityRecognizer() {
    }

    /** Loads the shipped model now rather than on the first call. */
    public static void preload() {
        Objects.requireNonNull(Bundled.MODEL);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> entities() {
        return Entities.NAMED;
    }

    @Override
    public List<Finding> analyze(String text, Set<String> wanted) {
        Model model = Bundled.MODEL;
        Tokens tokens = Tokens.of(text);
        int n = tokens.size();
        List<Finding> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        WordScores.Entry[] entries = new WordScores.Entry[n];
        Features.Word[] described = new Features.Word[n];
        String[] words = new String[n];
        String[] lower = new String[n];
        model.scores().entries(text, tokens, entries);
        for (int i = 0; i < n; i++) {
            described[i] = entries[i].word();
            words[i] = described[i].word();
            lower[i] = described[i].lower();
        }
        boolean wantModel = wanted.contains(Entities.PERSON) || wanted.contains(Entities.LOCATION)
                || wanted.contains(Entities.ORGANIZATION);
        if (wantModel) {
            int[] ends = new int[n];
            int segments = 0;
            int longest = 0;
            int from = 0;
            for (int i = 1; i <= n; i++) {
                if (i == n || i - from >= MAX_SEGMENT_WORDS || startsSegment(tokens, words, i)) {
                    ends[segments++] = i;
                    longest = Math.max(longest, i - from);
                    from = i;
                }
            }
            Lattice lattice = new Lattice(longest);
            from = 0;
            for (int s = 0; s < segments; s++) {
                tagSegment(model, tokens, words, entries, described, from, ends[s], wanted, lattice, out);
                from = ends[s];
            }
            if (wanted.contains(Entities.PERSON) && !out.isEmpty()) {
                repeatPeople(model, tokens, words, out);
            }
        }
        if (wanted.contains(Entities.NRP) || wanted.contains(Entities.TITLE)) {
            model.lexicons().find(tokens, lower, wanted.contains(Entities.NRP), wanted.contains(Entities.TITLE), NAME, out);
        }
        return out;
    }

    /**
     * Tags again, as PERSON, a single capitalized word that is part of a name found elsewhere in
     * the text ("Joakim Westgård ... starring Westgård"): a text usually means the same person by
     * the same name, and a lone surname has too little context for the tagger.
     */
    private static void repeatPeople(Model model, Tokens tokens, String[] words, List<Finding> out) {
        Map<String, Double> names = new HashMap<>();
        boolean[] covered = new boolean[tokens.size()];
        int next = 0;
        List<Finding> byStart = new ArrayList<>(out);
        byStart.sort(Comparator.comparingInt(Finding::start));
        for (Finding f : byStart) {
            while (next < tokens.size() && tokens.end(next) <= f.start()) {
                next++;
            }
            for (int i = next; i < tokens.size() && tokens.start(i) < f.end(); i++) {
                covered[i] = true;
                if (f.type().equals(Entities.PERSON) && f.score() >= REPEATED_NAME_MIN_SCORE && words[i].length() > 1
                        && Character.isUpperCase(words[i].charAt(0)) && words[i].chars().allMatch(Character::isLetter)) {
                    names.merge(words[i], f.score(), Math::max);
                }
            }
        }
        if (names.isEmpty()) {
            return;
        }
        Lexicons lexicons = model.lexicons();
        for (int i = 0; i < tokens.size(); i++) {
            Double score = names.get(words[i]);
            if (score != null && !covered[i]) {
                String lower = words[i].toLowerCase(Locale.ROOT);
                if (!lexicons.nrpWords().contains(lower) && !lexicons.honorificWords().contains(lower)) {
                    out.add(new Finding(Entities.PERSON, tokens.start(i), tokens.end(i), score * REPEATED_NAME_FACTOR, NAME));
                }
            }
        }
    }

    /** A new sentence or line starts at word {@code i}. */
    static boolean startsSegment(Tokens tokens, String[] words, int i) {
        String previous = words[i - 1];
        boolean spaced = tokens.start(i) > tokens.end(i - 1);
        return tokens.lineBreakBefore(i)
                || spaced && (previous.equals(".") || previous.equals("!") || previous.equals("?"));
    }

    private static void tagSegment(Model model, Tokens tokens, String[] words, WordScores.Entry[] entries,
                                   Features.Word[] described, int from, int to, Set<String> wanted, Lattice lattice,
                                   List<Finding> out) {
        int n = to - from;
        model.scores().emissions(entries, described, from, to, lattice);
        int[] labels = model.tagger().decode(lattice, n);
        double[] marginals = null;
        for (int t = 0; t < n; t++) {
            if (labels[t] % 2 != 1) {
                continue;
            }
            int end = t + 1;
            while (end < n && labels[end] == labels[t] + 1) {
                end++;
            }
            int first = t;
            int last = end - 1;
            while (first <= last && !hasLetterOrDigit(words[from + first])) {
                first++; // quotes and brackets the model took in are not part of a name
            }
            while (last >= first && !hasLetterOrDigit(words[from + last])) {
                last--;
            }
            String type = TYPES[labels[t] / 2];
            if (first <= last && wanted.contains(type) && !onlyGroupWords(model, words, from + first, from + last + 1, first == 0)
                    && !containsLink(words, from + first, from + last + 1)) {
                if (marginals == null) {
                    marginals = model.tagger().marginals(lattice, n);
                }
                double score = 1;
                for (int k = t; k < end; k++) {
                    score = Math.min(score, marginals[k * LinearChainModel.LABEL_COUNT + labels[k]]);
                }
                out.add(new Finding(type, tokens.start(from + first), tokens.end(from + last), clamp(score), NAME));
            }
            t = end - 1;
        }
    }

    /**
     * True when a span is only nationality, religion or party words (with "and", "or", commas and
     * a sentence's first word), as "Many Buddhists and Catholics": that is NRP, left to the
     * lexicon, unless a word marks it as a company or place ("Democratic Party", "Indian Ocean").
     */
    private static boolean onlyGroupWords(Model model, String[] words, int from, int to, boolean startsSegment) {
        Gazetteer gazetteer = model.features().gazetteer();
        boolean group = false;
        for (int i = from; i < to; i++) {
            String lower = words[i].toLowerCase(Locale.ROOT);
            int flags = gazetteer.flags(lower);
            if ((flags & (Gazetteer.COMPANY | Gazetteer.ORG_KEYWORD | Gazetteer.LEGAL_SUFFIX | Gazetteer.LOCATION_WORD
                    | Gazetteer.COUNTRY | Gazetteer.CITY)) != 0) {
                return false;
            }
            if ((flags & Gazetteer.NRP) != 0 || model.lexicons().nrpWords().contains(lower)) {
                group = true;
            } else if (!(lower.equals("and") || lower.equals("or") || lower.equals(",") || i == from && startsSegment)) {
                return false;
            }
        }
        return group;
    }

    private static boolean hasLetterOrDigit(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.isLetterOrDigit(word.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** URLs and e-mail addresses are one token each; the model has seen too few to be trusted on them. */
    private static boolean containsLink(String[] words, int from, int to) {
        for (int i = from; i < to; i++) {
            String word = words[i];
            if (word.length() > 4 && (word.contains("://") || word.indexOf('@') > 0 || word.regionMatches(true, 0, "www.", 0, 4))) {
                return true;
            }
        }
        return false;
    }

    private static double clamp(double score) {
        return Math.max(0, Math.min(1, score));
    }

    /**
     * A tagger with the gazetteer its features were trained with, the NRP/TITLE lexicons, and the
     * cache of per-word scores of that tagger.
     */
    record Model(LinearChainModel tagger, Features features, Lexicons lexicons, WordScores scores) {

        static Model of(LinearChainModel tagger, Gazetteer gazetteer) {
            Features features = new Features(gazetteer, tagger.hashBits);
            return new Model(tagger, features, Lexicons.load(), new WordScores(features, tagger));
        }

        static Model loadBundled() {
            Gazetteer gazetteer;
            try (InputStream in = open(GAZETTEER_RESOURCE)) {
                gazetteer = Gazetteer.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + GAZETTEER_RESOURCE, e);
            }
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(open(MODEL_RESOURCE)), 1 << 16)) {
                return of(LinearChainModel.read(in), gazetteer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + MODEL_RESOURCE, e);
            }
        }

        private static InputStream open(String resource) {
            InputStream in = NamedEntityRecognizer.class.getResourceAsStream(resource);
            if (in == null) {
                throw new IllegalStateException("missing resource dev/switchboard/guard/ner/" + resource
                        + ": the named-entity model is not on the class path");
            }
            return in;
        }
    }

    /** Loaded on first use, once, by the class loader's initialization lock. */
    private static final class Bundled {
        static final Model MODEL = Model.loadBundled();
    }
}
