package dev.switchboard.guard.moderation;

import java.util.EnumMap;
import java.util.Map;

/**
 * The score of every {@link ModerationCategory} for one text: a probability 0 to 1. A text is
 * flagged in a category when its score reaches the category's threshold; thresholds are the
 * caller's (per-tenant policy, request). Immutable.
 */
public final class ModerationScores {

    private final double[] scores;

    /** @param scores one per category, in {@link ModerationCategory} order; not copied */
    public ModerationScores(double[] scores) {
        if (scores.length != ModerationCategory.all().size()) {
            throw new IllegalArgumentException("expected " + ModerationCategory.all().size() + " scores");
        }
        this.scores = scores;
    }

    public static ModerationScores none() {
        return new ModerationScores(new double[ModerationCategory.all().size()]);
    }

    public double score(ModerationCategory category) {
        return scores[category.ordinal()];
    }

    /** Per category whether its score reaches {@code thresholds.get(category)} (categories left out never flag). */
    public Map<ModerationCategory, Boolean> flags(Map<ModerationCategory, Double> thresholds) {
        Map<ModerationCategory, Boolean> flags = new EnumMap<>(ModerationCategory.class);
        for (ModerationCategory category : ModerationCategory.all()) {
            Double threshold = thresholds.get(category);
            flags.put(category, threshold != null && scores[category.ordinal()] >= threshold);
        }
        return flags;
    }

    /** The higher score per category of this and {@code other}. */
    public ModerationScores max(ModerationScores other) {
        double[] merged = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            merged[i] = Math.max(scores[i], other.scores[i]);
        }
        return new ModerationScores(merged);
    }
}
