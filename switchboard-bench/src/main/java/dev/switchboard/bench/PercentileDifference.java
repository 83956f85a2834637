package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;

/**
 * The same percentile read from two latency distributions, and their difference.
 *
 * <p>"Added latency" in the reports is {@code other pXX - base pXX}: a difference of percentiles of
 * two separately measured distributions, not a percentile of per-request overhead (which cannot be
 * observed: a request goes either direct or through the gateway, never both).
 *
 * @param percentile    e.g. 99.0
 * @param baseMicros    value at that percentile in the base distribution (direct), microseconds
 * @param otherMicros   value at that percentile in the other distribution (gateway), microseconds
 */
record PercentileDifference(double percentile, long baseMicros, long otherMicros) {

    /** {@code other - base}, microseconds; negative when the other distribution is faster there. */
    long differenceMicros() {
        return otherMicros - baseMicros;
    }

    /** One difference per requested percentile, in the order given. Both histograms hold microseconds. */
    static List<PercentileDifference> between(AbstractHistogram base, AbstractHistogram other, double... percentiles) {
        if (base.getTotalCount() == 0 || other.getTotalCount() == 0) {
            throw new IllegalArgumentException("cannot compare percentiles of an empty distribution (base "
                    + base.getTotalCount() + " values, other " + other.getTotalCount() + " values)");
        }
        List<PercentileDifference> out = new ArrayList<>(percentiles.length);
        for (double p : percentiles) {
            out.add(new PercentileDifference(p, base.getValueAtPercentile(p), other.getValueAtPercentile(p)));
        }
        return out;
    }
}
