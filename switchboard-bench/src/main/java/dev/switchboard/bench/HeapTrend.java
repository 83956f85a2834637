package dev.switchboard.bench;

import java.util.List;

/**
 * Whether a series of "heap used after a full GC" samples is flat, growing or too short to tell.
 *
 * <p>Two views of the same series: the mean of its last third against the mean of its first third,
 * and the least-squares slope in MB per minute projected over the series' span. The series is
 * {@link Verdict#FLAT} when both the growth between thirds and the projected growth stay within
 * {@code max(toleranceFraction * firstThirdMean, toleranceMb)}. Pure; no clock.
 *
 * @param samples            number of samples the verdict is based on (after warm-up)
 * @param firstThirdMeanMb   mean of the first {@code samples / 3} samples
 * @param lastThirdMeanMb    mean of the last {@code samples / 3} samples
 * @param slopeMbPerMinute   least-squares slope of MB against minutes
 * @param spanMinutes        minutes between the first and the last sample
 * @param allowedGrowthMb    the tolerance that was applied
 */
record HeapTrend(int samples, double firstThirdMeanMb, double lastThirdMeanMb, double slopeMbPerMinute,
                 double spanMinutes, double allowedGrowthMb, Verdict verdict) {

    enum Verdict { FLAT, GROWING, INSUFFICIENT_DATA }

    /** One heap sample: minutes since the run started, megabytes used after a full GC. */
    record Sample(double minutes, double usedMb) {
    }

    /** Growth between the first and the last third, MB. */
    double thirdsGrowthMb() {
        return lastThirdMeanMb - firstThirdMeanMb;
    }

    /** The slope projected over the span of the samples, MB. */
    double projectedGrowthMb() {
        return slopeMbPerMinute * spanMinutes;
    }

    static HeapTrend of(List<Sample> series, double toleranceFraction, double toleranceMb) {
        int n = series.size();
        if (n < 3) {
            return new HeapTrend(n, Double.NaN, Double.NaN, n >= 2 ? slope(series) : Double.NaN,
                    n >= 2 ? series.get(n - 1).minutes() - series.get(0).minutes() : 0, Double.NaN,
                    Verdict.INSUFFICIENT_DATA);
        }
        int third = n / 3;
        double first = meanUsed(series.subList(0, third));
        double last = meanUsed(series.subList(n - third, n));
        double slope = slope(series);
        double span = series.get(n - 1).minutes() - series.get(0).minutes();
        double allowed = Math.max(toleranceFraction * first, toleranceMb);
        boolean flat = last - first <= allowed && slope * span <= allowed;
        return new HeapTrend(n, first, last, slope, span, allowed, flat ? Verdict.FLAT : Verdict.GROWING);
    }

    /** Least-squares slope of usedMb against minutes; 0 when all samples share one time. */
    static double slope(List<Sample> series) {
        double meanX = 0;
        double meanY = 0;
        for (Sample s : series) {
            meanX += s.minutes();
            meanY += s.usedMb();
        }
        meanX /= series.size();
        meanY /= series.size();
        double covariance = 0;
        double variance = 0;
        for (Sample s : series) {
            double dx = s.minutes() - meanX;
            covariance += dx * (s.usedMb() - meanY);
            variance += dx * dx;
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    private static double meanUsed(List<Sample> samples) {
        double sum = 0;
        for (Sample s : samples) {
            sum += s.usedMb();
        }
        return sum / samples.size();
    }
}
