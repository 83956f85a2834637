package dev.switchboard.guard.classify.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranking and threshold metrics of a binary classifier's scores against the truth: ROC AUC, the
 * true-positive rate at a false-positive budget, and precision, recall and F1 at a threshold.
 */
public final class BinaryMetrics {

    /** Counts and rates at one threshold (a score at or above it is positive). */
    public record AtThreshold(double threshold, int truePositives, int falsePositives, int falseNegatives,
                              int trueNegatives) {
        public double precision() {
            int predicted = truePositives + falsePositives;
            return predicted == 0 ? 0 : (double) truePositives / predicted;
        }

        public double recall() {
            int actual = truePositives + falseNegatives;
            return actual == 0 ? 0 : (double) truePositives / actual;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public double falsePositiveRate() {
            int negatives = falsePositives + trueNegatives;
            return negatives == 0 ? 0 : (double) falsePositives / negatives;
        }
    }

    private record Scored(double score, boolean positive) {
    }

    private final List<Scored> sorted;
    private final int positives;
    private final int negatives;

    private BinaryMetrics(List<Scored> sorted, int positives, int negatives) {
        this.sorted = sorted;
        this.positives = positives;
        this.negatives = negatives;
    }

    public static BinaryMetrics of(List<Double> scores, List<Boolean> truth) {
        if (scores.size() != truth.size()) {
            throw new IllegalArgumentException(scores.size() + " scores for " + truth.size() + " labels");
        }
        List<Scored> sorted = new ArrayList<>(scores.size());
        int positives = 0;
        for (int i = 0; i < scores.size(); i++) {
            sorted.add(new Scored(scores.get(i), truth.get(i)));
            if (truth.get(i)) {
                positives++;
            }
        }
        sorted.sort(Comparator.comparingDouble(Scored::score).reversed());
        return new BinaryMetrics(sorted, positives, scores.size() - positives);
    }

    public int positives() {
        return positives;
    }

    public int negatives() {
        return negatives;
    }

    /** Area under the ROC curve; ties count half. NaN without both classes. */
    public double auc() {
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double area = 0;
        int negativesAbove = 0;
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            int pos = 0;
            int neg = 0;
            while (j < sorted.size() && sorted.get(j).score() == sorted.get(i).score()) {
                if (sorted.get(j).positive()) {
                    pos++;
                } else {
                    neg++;
                }
                j++;
            }
            // each positive here ranks above the negatives below; ties with this group's negatives count half
            area += pos * (negatives - negativesAbove - neg + neg / 2.0);
            negativesAbove += neg;
            i = j;
        }
        return area / ((double) positives * negatives);
    }

    /**
     * The highest true-positive rate at a threshold whose false-positive rate is at most
     * {@code budget} (a threshold never splits tied scores).
     */
    public double tprAtFpr(double budget) {
        return thresholdAtFpr(budget).recall();
    }

    /** The lowest threshold (most recall) whose false-positive rate is at most {@code budget}. */
    public AtThreshold thresholdAtFpr(double budget) {
        AtThreshold best = new AtThreshold(Double.POSITIVE_INFINITY, 0, 0, positives, negatives);
        int tp = 0;
        int fp = 0;
        int i = 0;
        while (i < sorted.size()) {
            double score = sorted.get(i).score();
            while (i < sorted.size() && sorted.get(i).score() == score) {
                if (sorted.get(i).positive()) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            if (negatives > 0 && (double) fp / negatives > budget) {
                break;
            }
            best = new AtThreshold(score, tp, fp, positives - tp, negatives - fp);
        }
        return best;
    }

    /** Counts at {@code threshold}. */
    public AtThreshold at(double threshold) {
        int tp = 0;
        int fp = 0;
        for (Scored scored : sorted) {
            if (scored.score() >= threshold) {
                if (scored.positive()) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return new AtThreshold(threshold, tp, fp, positives - tp, negatives - fp);
    }
}
