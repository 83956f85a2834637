package dev.switchboard.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a model's deployment is picked for each attempt. */
public enum Strategy {
    /** Random, in proportion to each deployment's weight. */
    @JsonProperty("weighted") WEIGHTED,
    /** The deployment with the fewest requests in flight from this gateway. */
    @JsonProperty("least_outstanding") LEAST_OUTSTANDING,
    /** Power of two choices on an exponentially weighted moving average of time to first token. */
    @JsonProperty("latency") LATENCY
}
