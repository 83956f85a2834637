package dev.switchboard.guard.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link LinearModel}: multi-output logistic regression by AdaGrad with L2, labels 1, 0 or
 * NaN (unknown: no loss for that output), positives weighted up by {@code sqrt(negatives/positives)}
 * (at most {@link #MAX_POSITIVE_WEIGHT}); then Platt calibration fitted on out-of-fold scores of a
 * {@link #FOLDS}-fold cross-validation, so the shipped scores are probabilities. Deterministic for a
 * seed; single-threaded.
 */
public final class LinearTrainer {

    public static final int FOLDS = 4;
    static final double MAX_POSITIVE_WEIGHT = 6;
    static final double MIN_SLOPE = 0.1;

    private final int bits;
    private final int epochs;
    private final double learningRate;
    private final double l2;
    private final long seed;
    private float[] sampleWeights;

    public LinearTrainer(int bits, int epochs, double learningRate, double l2, long seed) {
        this.bits = bits;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.l2 = l2;
        this.seed = seed;
    }

    /** Trains on every example, calibrated by cross-validation. */
    public LinearModel train(List<String> outputs, List<SparseVector> xs, float[][] labels) {
        float[] weights = new float[xs.size()];
        java.util.Arrays.fill(weights, 1f);
        return train(outputs, xs, labels, weights);
    }

    /** As {@link #train(List, List, float[][])} with a weight per example (its share of the loss). */
    public LinearModel train(List<String> outputs, List<SparseVector> xs, float[][] labels, float[] sampleWeights) {
        this.sampleWeights = sampleWeights;
        int k = outputs.size();
        int n = xs.size();
        double[][] outOfFold = new double[n][];
        for (int fold = 0; fold < FOLDS; fold++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (i % FOLDS == fold ? test : train).add(i);
            }
            Fit fit = fit(k, xs, labels, train);
            for (int i : test) {
                outOfFold[i] = fit.logits(xs.get(i), k);
            }
        }
        float[] a = new float[k];
        float[] b = new float[k];
        for (int j = 0; j < k; j++) {
            double[] platt = platt(outOfFold, labels, j);
            a[j] = (float) platt[0];
            b[j] = (float) platt[1];
            System.out.printf(java.util.Locale.ROOT, "  %-24s calibration a=%.3f b=%.3f%n", outputs.get(j), a[j], b[j]);
        }
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        Fit fit = fit(k, xs, labels, all);
        return new LinearModel(outputs, bits, fit.weights, fit.bias, a, b);
    }

    private record Fit(float[] weights, float[] bias) {
        double[] logits(SparseVector x, int k) {
            double[] out = new double[k];
            for (int j = 0; j < k; j++) {
                out[j] = bias[j];
            }
            for (int e = 0; e < x.size(); e++) {
                int base = x.indices()[e] * k;
                for (int j = 0; j < k; j++) {
                    out[j] += weights[base + j] * x.values()[e];
                }
            }
            return out;
        }
    }

    private Fit fit(int k, List<SparseVector> xs, float[][] labels, List<Integer> rows) {
        int buckets = 1 << bits;
        float[] w = new float[buckets * k];
        float[] g2 = new float[buckets * k];
        float[] bias = new float[k];
        float[] biasG2 = new float[k];
        double[] positiveWeight = new double[k];
        for (int j = 0; j < k; j++) {
            int pos = 0;
            int neg = 0;
            for (int i : rows) {
                float y = labels[i][j];
                if (y == 1) {
                    pos++;
                } else if (y == 0) {
                    neg++;
                }
            }
            positiveWeight[j] = pos == 0 ? 1 : Math.min(MAX_POSITIVE_WEIGHT, Math.max(1, Math.sqrt((double) neg / pos)));
        }
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>(rows);
        double[] z = new double[k];
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Collections.shuffle(order, random);
            for (int i : order) {
                SparseVector x = xs.get(i);
                float[] y = labels[i];
                for (int j = 0; j < k; j++) {
                    z[j] = bias[j];
                }
                for (int e = 0; e < x.size(); e++) {
                    int base = x.indices()[e] * k;
                    float v = x.values()[e];
                    for (int j = 0; j < k; j++) {
                        z[j] += w[base + j] * v;
                    }
                }
                for (int j = 0; j < k; j++) {
                    if (Float.isNaN(y[j])) {
                        z[j] = 0;
                        continue;
                    }
                    double p = LinearModel.sigmoid(z[j]);
                    // the loss gradient wrt the logit
                    z[j] = (p - y[j]) * (y[j] == 1 ? positiveWeight[j] : 1) * sampleWeights[i];
                    biasG2[j] += (float) (z[j] * z[j]);
                    bias[j] -= (float) (learningRate * z[j] / Math.sqrt(biasG2[j] + 1e-8));
                }
                for (int e = 0; e < x.size(); e++) {
                    int base = x.indices()[e] * k;
                    float v = x.values()[e];
                    for (int j = 0; j < k; j++) {
                        if (z[j] == 0) {
                            continue;
                        }
                        int at = base + j;
                        double g = z[j] * v + l2 * w[at];
                        g2[at] += (float) (g * g);
                        w[at] -= (float) (learningRate * g / Math.sqrt(g2[at] + 1e-8));
                    }
                }
            }
        }
        return new Fit(w, bias);
    }

    private static double plattLoss(List<double[]> points, double a, double b, double hi, double lo) {
        double loss = 0;
        for (double[] point : points) {
            double t = point[1] == 1 ? hi : lo;
            double z = a * point[0] + b;
            // log(1 + e^z) - t z, computed without overflow
            loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t * z;
        }
        return loss;
    }

    /** Platt's {@code (a, b)} for output {@code j}: logistic regression of the label on the out-of-fold logit. */
    static double[] platt(double[][] logits, float[][] labels, int j) {
        List<double[]> points = new ArrayList<>();
        int pos = 0;
        int neg = 0;
        for (int i = 0; i < logits.length; i++) {
            float y = labels[i][j];
            if (!Float.isNaN(y)) {
                points.add(new double[] {logits[i][j], y});
                if (y == 1) {
                    pos++;
                } else {
                    neg++;
                }
            }
        }
        if (pos == 0 || neg == 0) {
            return new double[] {1, 0};
        }
        // Platt's smoothed targets keep the fit finite when the scores separate the classes
        double hi = (pos + 1.0) / (pos + 2.0);
        double lo = 1.0 / (neg + 2.0);
        double a = 1;
        double b = 0;
        double loss = plattLoss(points, a, b, hi, lo);
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = 1e-9;
            double hab = 0;
            double hbb = 1e-9;
            for (double[] point : points) {
                double t = point[1] == 1 ? hi : lo;
                double p = LinearModel.sigmoid(a * point[0] + b);
                double d = p - t;
                double s = p * (1 - p);
                ga += d * point[0];
                gb += d;
                haa += s * point[0] * point[0];
                hab += s * point[0];
                hbb += s;
            }
            double det = haa * hbb - hab * hab;
            if (Math.abs(det) < 1e-12) {
                break;
            }
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            // damped Newton: halve the step until the loss goes down
            double step = 1;
            double next = plattLoss(points, a - da, b - db, hi, lo);
            while (next > loss && step > 1e-6) {
                step /= 2;
                next = plattLoss(points, a - step * da, b - step * db, hi, lo);
            }
            if (next > loss) {
                break;
            }
            a -= step * da;
            b -= step * db;
            boolean converged = loss - next < 1e-10;
            loss = next;
            if (converged) {
                break;
            }
        }
        if (a < MIN_SLOPE) {
            // scores that rank no better than chance out of fold: keep the ranking, fit only the base rate
            a = MIN_SLOPE;
            b = Math.log((pos + 1.0) / (neg + 1.0));
        }
        return new double[] {a, b};
    }
}
