package dev.switchboard.guard.moderation;

import dev.switchboard.guard.classify.GuardText;
import dev.switchboard.guard.classify.LinearModel;
import dev.switchboard.guard.classify.SparseVector;
import dev.switchboard.guard.classify.TextFeatures;
import dev.switchboard.guard.classify.Windows;
import java.util.List;

/**
 * Scores texts in every {@link ModerationCategory} in process: the text is normalized
 * ({@link GuardText}), cut into windows of {@value #WINDOW_CHARS} chars, and a multi-output
 * logistic regression over hashed n-grams ({@link LinearModel}, one calibrated output per category,
 * trained by {@code scripts/train-guards}) scores each; a category's score is its highest window
 * score. Decoded base64/hex payloads are scored too.
 *
 * <p>Work is bounded: at most {@value #MAX_SCAN_CHARS} chars are looked at and at most
 * {@value #MAX_WINDOWS} windows scored per variant. Thread-safe; the model is read once, on first use.
 */
public final class ModerationClassifier {

    public static final String MODEL_RESOURCE = "moderation-model.bin.gz";
    public static final int WINDOW_CHARS = 1024;
    public static final int WINDOW_STRIDE = 768;
    public static final int MAX_WINDOWS = 32;
    public static final int MAX_SCAN_CHARS = 256 * 1024;

    /** The value of one theme hit (n-gram features are scaled to unit length). */
    public static final float LEXICON_VALUE = 1f;

    private final LinearModel model;
    /** For each category, its output index in the model. */
    private final int[] outputOf;

    public ModerationClassifier(LinearModel model) {
        this.model = model;
        List<ModerationCategory> categories = ModerationCategory.all();
        this.outputOf = new int[categories.size()];
        for (ModerationCategory category : categories) {
            int index = model.outputs().indexOf(category.wireName());
            if (index < 0) {
                throw new IllegalArgumentException("the moderation model has no output '" + category.wireName() + "'");
            }
            outputOf[category.ordinal()] = index;
        }
    }

    /** The classifier with the model shipped in the jar, read once. */
    public static ModerationClassifier shipped() {
        return Shipped.CLASSIFIER;
    }

    public static void preload() {
        shipped();
    }

    public ModerationScores score(String text) {
        String scanned = text.length() > MAX_SCAN_CHARS ? text.substring(0, MAX_SCAN_CHARS) : text;
        GuardText guardText = GuardText.of(scanned);
        double[] best = new double[outputOf.length];
        scoreFolded(guardText.text(), best);
        for (String payload : guardText.decoded()) {
            scoreFolded(payload, best);
        }
        return new ModerationScores(best);
    }

    private void scoreFolded(String folded, double[] best) {
        double[] logits = new double[model.outputs().size()];
        for (Windows.Window window : Windows.of(folded, WINDOW_CHARS, WINDOW_STRIDE, MAX_WINDOWS)) {
            String text = folded.substring(window.start(), window.end());
            model.logits(text, ModerationLexicon.features(text), LEXICON_VALUE, logits);
            for (int c = 0; c < outputOf.length; c++) {
                best[c] = Math.max(best[c], model.calibrate(outputOf[c], logits[outputOf[c]]));
            }
        }
    }

    /** The model's features of a folded text: n-grams and {@link ModerationLexicon} themes; shared with training. */
    public static SparseVector features(TextFeatures features, String folded) {
        return features.of(folded, ModerationLexicon.features(folded), LEXICON_VALUE);
    }

    private static final class Shipped {
        static final ModerationClassifier CLASSIFIER =
                new ModerationClassifier(LinearModel.resource(ModerationClassifier.class, MODEL_RESOURCE));
    }
}
