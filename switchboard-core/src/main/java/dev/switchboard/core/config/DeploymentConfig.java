package dev.switchboard.core.config;

/**
 * One place a model runs.
 *
 * @param provider name of a provider in {@code providers}; required
 * @param model the model name the upstream knows (vLLM's served model, Azure's deployment name);
 *     required
 * @param weight share of traffic under the {@code weighted} strategy, relative to the model's
 *     other deployments; 0 takes the deployment out of rotation; default 1
 * @param name identifier shown in {@code x-switchboard-deployment}, logs and metrics; default
 *     {@code <provider>/<model>}
 */
public record DeploymentConfig(String provider, String model, Integer weight, String name) {

    public DeploymentConfig {
        weight = weight != null ? weight : 1;
    }

    /** The configured name, or {@code provider/model}. */
    public String id() {
        return name != null ? name : provider + "/" + model;
    }
}
