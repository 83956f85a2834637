package dev.switchboard.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A model name clients call, and where its requests go.
 *
 * @param name the {@code model} clients send; required, unique
 * @param deployments where the model runs; at least one
 * @param strategy how a deployment is picked for each attempt; default {@code weighted}
 * @param fallbacks other models tried in order when every attempt on this one failed; a fallback's
 *     own fallbacks are not followed; default none
 * @param retries overrides {@code routing.retries} for this model
 * @param timeouts overrides {@code routing.timeouts} for this model, option by option
 */
public record ModelConfig(String name, List<DeploymentConfig> deployments, Strategy strategy,
                          List<String> fallbacks, Integer retries, TimeoutsConfig timeouts) {

    public ModelConfig {
        // Entries may be null (an empty "- " item): kept, so that validation can point at them.
        deployments = deployments != null ? Collections.unmodifiableList(new ArrayList<>(deployments)) : List.of();
        strategy = strategy != null ? strategy : Strategy.WEIGHTED;
        fallbacks = fallbacks != null ? Collections.unmodifiableList(new ArrayList<>(fallbacks)) : List.of();
    }
}
