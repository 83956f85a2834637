package dev.switchboard.guard.injection;

import dev.switchboard.guard.classify.GuardText;
import dev.switchboard.guard.classify.LinearModel;
import dev.switchboard.guard.classify.SparseVector;
import dev.switchboard.guard.classify.TextFeatures;
import dev.switchboard.guard.classify.Windows;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores texts for prompt injection and jailbreaks in process: the text is normalized and its hidden
 * payloads decoded ({@link GuardText}); {@link InjectionRules} look for known phrasings; a logistic
 * regression over hashed n-grams, with the families that fired as extra features, gives the
 * calibrated probability ({@link LinearModel}, trained by {@code scripts/train-guards}). A text is
 * scored in windows of {@value #WINDOW_CHARS} chars and every variant (text, decoded payloads,
 * ROT13 reading when rules fire on it); the verdict is the highest score.
 *
 * <p>Work is bounded: at most {@value #MAX_SCAN_CHARS} chars of a text are looked at and at most
 * {@value #MAX_WINDOWS} windows scored per variant. Thread-safe; the model is read once, on first use.
 */
public final class InjectionDetector {

    /** The model's class-path resource, relative to this class. */
    public static final String MODEL_RESOURCE = "injection-model.bin.gz";
    public static final int WINDOW_CHARS = 400;
    public static final int WINDOW_STRIDE = 300;
    public static final int MAX_WINDOWS = 64;
    public static final int MAX_SCAN_CHARS = 256 * 1024;
    /** The value of a rule-family feature (n-gram features are scaled to unit length). */
    public static final float FAMILY_VALUE = 1f;

    private final LinearModel model;

    public InjectionDetector(LinearModel model) {
        if (model.outputs().size() != 1) {
            throw new IllegalArgumentException("an injection model has one output, this one " + model.outputs());
        }
        this.model = model;
    }

    /** The detector with the model shipped in the jar, read once. */
    public static InjectionDetector shipped() {
        return Shipped.DETECTOR;
    }

    /** Reads the shipped model now rather than in the first request. */
    public static void preload() {
        shipped();
    }

    public InjectionVerdict score(String text) {
        String scanned = text.length() > MAX_SCAN_CHARS ? text.substring(0, MAX_SCAN_CHARS) : text;
        GuardText guardText = GuardText.of(scanned);
        Set<String> families = new LinkedHashSet<>();
        double best = scoreFolded(guardText.text(), families);
        String source = "text";
        for (String payload : guardText.decoded()) {
            double score = scoreFolded(payload, families);
            if (score > best) {
                best = score;
                source = "encoded";
            }
        }
        String rot13 = guardText.rot13();
        if (!InjectionRules.find(rot13).isEmpty()) {
            double score = scoreFolded(rot13, families);
            if (score > best) {
                best = score;
                source = "rot13";
            }
        }
        return new InjectionVerdict(best, new ArrayList<>(families), source);
    }

    /** The highest window score of folded text; adds the families that fired to {@code families}. */
    private double scoreFolded(String folded, Set<String> families) {
        List<InjectionRules.Hit> hits = InjectionRules.find(folded);
        double best = 0;
        double[] logit = new double[1];
        for (Windows.Window window : Windows.of(folded, WINDOW_CHARS, WINDOW_STRIDE, MAX_WINDOWS)) {
            List<String> inWindow = new ArrayList<>(2);
            for (InjectionRules.Hit hit : hits) {
                if (hit.start() < window.end() && hit.end() > window.start() && !inWindow.contains(hit.family())) {
                    inWindow.add(hit.family());
                }
            }
            model.logits(folded.substring(window.start(), window.end()), named(inWindow), FAMILY_VALUE, logit);
            best = Math.max(best, model.calibrate(0, logit[0]));
        }
        for (InjectionRules.Hit hit : hits) {
            families.add(hit.family());
        }
        return best;
    }

    /** The classifier's features of a folded text with the rule families that fired in it; shared with training. */
    public static SparseVector features(TextFeatures features, String folded, List<String> families) {
        return features.of(folded, named(families), FAMILY_VALUE);
    }

    private static List<String> named(List<String> families) {
        List<String> named = new ArrayList<>(families.size());
        for (String family : families) {
            named.add("rule:" + family);
        }
        return named;
    }

    private static final class Shipped {
        static final InjectionDetector DETECTOR =
                new InjectionDetector(LinearModel.resource(InjectionDetector.class, MODEL_RESOURCE));
    }
}
