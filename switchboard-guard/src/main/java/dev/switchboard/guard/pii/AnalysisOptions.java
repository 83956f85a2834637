package dev.switchboard.guard.pii;

import java.util.Objects;
import java.util.Set;

/**
 * What an analysis looks for.
 *
 * @param entities entity types to report; empty for every type the analyzer's recognizers know
 * @param threshold findings scoring below this (after context enhancement) are dropped; 0 to 1
 */
public record AnalysisOptions(Set<String> entities, double threshold) {

    /** Score threshold when none is configured. */
    public static final double DEFAULT_THRESHOLD = 0.4;
    /** Every entity type, the default threshold. */
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(Set.of(), DEFAULT_THRESHOLD);

    public AnalysisOptions {
        entities = Set.copyOf(Objects.requireNonNull(entities, "entities"));
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1: " + threshold);
        }
    }

    public boolean wants(String type) {
        return entities.isEmpty() || entities.contains(type);
    }
}
