package dev.switchboard.guard.pii.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Span-level precision, recall and F-beta of predicted entity spans against labelled ones, with the
 * matching rules of presidio-research's {@code SpanEvaluator} (character-based IoU):
 * <ul>
 *   <li>adjacent spans of one type separated only by whitespace and punctuation are merged first
 *       (on both sides), so {@code 28245 | Puruntie 82 | Apt. 595} is one address;</li>
 *   <li>each labelled span, in text order, takes the unmatched predictions that overlap it, in
 *       text order, one by one as long as each raises the intersection over union of the labelled
 *       span and the predictions taken together; IoU counts letters and digits only (punctuation
 *       and spaces do not matter). The labelled span is a true positive when that IoU reaches the
 *       threshold, and the predictions it took are used up; otherwise it is a false negative;</li>
 *   <li>predictions left unused are false positives;</li>
 *   <li>per entity, only predictions of the labelled span's type are considered; overall ("PII or
 *       not"), predictions of any type are, and a true positive made of several predictions counts
 *       as one prediction.</li>
 * </ul>
 *
 * <p>Not thread-safe: one instance accumulates one evaluation run.
 */
public final class SpanEvaluation {

    /** presidio-research's default IoU threshold. */
    public static final double DEFAULT_IOU_THRESHOLD = 0.9;
    /** "Overall" in {@link #perEntity()}-style reports. */
    public static final String OVERALL = "ALL";

    /** One entity span; {@code start}/{@code end} are Java string indices. */
    public record Span(String type, int start, int end) {
        public Span {
            Objects.requireNonNull(type, "type");
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span " + start + ".." + end);
            }
        }
    }

    /** Counts for one entity type (or overall), and the scores they give. */
    public record Counts(int truePositives, int falsePositives, int falseNegatives) {
        public double precision() {
            int predicted = truePositives + falsePositives;
            return predicted == 0 ? Double.NaN : (double) truePositives / predicted;
        }

        public double recall() {
            int annotated = truePositives + falseNegatives;
            return annotated == 0 ? Double.NaN : (double) truePositives / annotated;
        }

        /** F-beta; beta 2 weighs recall four times as much as precision, as presidio-research reports. */
        public double f(double beta) {
            double p = precision();
            double r = recall();
            if (Double.isNaN(p) || Double.isNaN(r) || p + r == 0) {
                return Double.isNaN(p) || Double.isNaN(r) ? Double.NaN : 0;
            }
            double b2 = beta * beta;
            return (1 + b2) * p * r / (b2 * p + r);
        }

        Counts plus(int tp, int fp, int fn) {
            return new Counts(truePositives + tp, falsePositives + fp, falseNegatives + fn);
        }
    }

    /**
     * One mismatch, for error analysis: a false negative ({@code "FN"}, a labelled span not found)
     * or a false positive ({@code "FP"}, a prediction matching no labelled span), of one entity type.
     * {@code start}/{@code end} locate {@code text} in {@code context}, the whole evaluated text.
     */
    public record Mismatch(String kind, String type, String text, String context, int start, int end) {
    }

    private final double iouThreshold;
    private final Map<String, Counts> perEntity = new TreeMap<>();
    private Counts overall = new Counts(0, 0, 0);
    private final List<Mismatch> errors = new ArrayList<>();

    public SpanEvaluation() {
        this(DEFAULT_IOU_THRESHOLD);
    }

    /** @param iouThreshold least intersection over union of a match, above 0 and at most 1 */
    public SpanEvaluation(double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be above 0 and at most 1: " + iouThreshold);
        }
        this.iouThreshold = iouThreshold;
    }

    /** Adds one text's labelled and predicted spans. */
    public void add(String text, List<Span> labelled, List<Span> predicted) {
        List<Span> gold = merge(text, labelled);
        List<Span> guess = merge(text, predicted);
        for (String type : types(gold, guess)) {
            int[] c = match(text, gold.stream().filter(s -> s.type().equals(type)).toList(),
                    guess.stream().filter(s -> s.type().equals(type)).toList(), true);
            perEntity.merge(type, new Counts(c[0], c[1], c[2]), (a, b) -> a.plus(b.truePositives(), b.falsePositives(), b.falseNegatives()));
        }
        // Overall, types are ignored when matching, but spans stay as merged per type: a name and
        // an address next to each other are two spans, as in presidio-research.
        int[] c = match(text, gold, guess, false);
        overall = overall.plus(c[0], c[1], c[2]);
    }

    /** Counts per entity type, by type name. */
    public Map<String, Counts> perEntity() {
        return Map.copyOf(perEntity);
    }

    /** Counts over all spans, types ignored. */
    public Counts overall() {
        return overall;
    }

    /** The mismatches seen so far (false positives and negatives per type). */
    public List<Mismatch> errors() {
        return List.copyOf(errors);
    }

    /** A table of precision, recall and F2 per entity and overall. */
    public String report() {
        StringBuilder out = new StringBuilder(String.format("%-18s %5s %5s %5s %9s %7s %7s%n", "entity", "tp", "fp", "fn",
                "precision", "recall", "f2"));
        perEntity.forEach((type, counts) -> out.append(row(type, counts)));
        out.append(row(OVERALL, overall));
        return out.toString();
    }

    private static String row(String type, Counts c) {
        return String.format("%-18s %5d %5d %5d %9.3f %7.3f %7.3f%n", type, c.truePositives(), c.falsePositives(),
                c.falseNegatives(), c.precision(), c.recall(), c.f(2));
    }

    private int[] match(String text, List<Span> gold, List<Span> guess, boolean recordErrors) {
        boolean[] used = new boolean[guess.size()];
        int tp = 0;
        int fn = 0;
        for (Span g : gold) {
            List<Integer> taken = new ArrayList<>();
            double best = 0;
            for (int i = 0; i < guess.size(); i++) { // guess is sorted by start
                if (!used[i] && iou(text, g, guess.get(i)) > 0) {
                    taken.add(i);
                    double combined = combinedIou(text, g, taken.stream().map(guess::get).toList());
                    if (combined > best) {
                        best = combined;
                    } else {
                        taken.remove(taken.size() - 1);
                    }
                }
            }
            if (!taken.isEmpty() && best >= iouThreshold) {
                taken.forEach(i -> used[i] = true);
                tp++;
            } else {
                fn++;
                if (recordErrors) {
                    errors.add(new Mismatch("FN", g.type(), text.substring(g.start(), g.end()), text, g.start(), g.end()));
                }
            }
        }
        int fp = 0;
        for (int i = 0; i < guess.size(); i++) {
            if (!used[i]) {
                fp++;
                if (recordErrors) {
                    Span s = guess.get(i);
                    errors.add(new Mismatch("FP", s.type(), text.substring(s.start(), s.end()), text, s.start(), s.end()));
                }
            }
        }
        return new int[] {tp, fp, fn};
    }

    /** Intersection over union of {@code a} and the union of {@code parts}, counting letters and digits only. */
    static double combinedIou(String text, Span a, List<Span> parts) {
        int from = a.start();
        int to = a.end();
        for (Span p : parts) {
            from = Math.min(from, p.start());
            to = Math.max(to, p.end());
        }
        boolean[] covered = new boolean[to - from];
        for (Span p : parts) {
            for (int i = p.start(); i < p.end(); i++) {
                covered[i - from] = true;
            }
        }
        int intersection = 0;
        int union = 0;
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                boolean inA = i >= a.start() && i < a.end();
                boolean inParts = covered[i - from];
                intersection += inA && inParts ? 1 : 0;
                union += inA || inParts ? 1 : 0;
            }
        }
        return union == 0 ? 0 : (double) intersection / union;
    }

    /** Intersection over union, counting letters and digits only. */
    static double iou(String text, Span a, Span b) {
        int from = Math.max(a.start(), b.start());
        int to = Math.min(a.end(), b.end());
        int intersection = from < to ? significant(text, from, to) : 0;
        int union = significant(text, a.start(), a.end()) + significant(text, b.start(), b.end()) - intersection;
        return union == 0 ? 0 : (double) intersection / union;
    }

    private static int significant(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** Spans sorted, with same-type neighbours separated only by spaces and punctuation merged. */
    static List<Span> merge(String text, List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(Span::start).thenComparingInt(Span::end));
        List<Span> merged = new ArrayList<>();
        for (Span span : sorted) {
            if (!merged.isEmpty()) {
                Span last = merged.get(merged.size() - 1);
                if (last.type().equals(span.type())
                        && (span.start() < last.end() || onlySeparators(text, last.end(), span.start()))) {
                    merged.set(merged.size() - 1, new Span(last.type(), last.start(), Math.max(last.end(), span.end())));
                    continue;
                }
            }
            merged.add(span);
        }
        return merged;
    }

    private static boolean onlySeparators(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> types(List<Span> a, List<Span> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).map(Span::type).distinct().sorted().toList();
    }
}
