package dev.switchboard.core.routing;

import dev.switchboard.core.spi.Provider;

/**
 * One place a model runs: a provider and the model name it knows there.
 *
 * @param id name shown in {@code x-switchboard-deployment}, logs and metrics
 * @param provider where attempts go
 * @param upstreamModel the model name the upstream knows
 * @param weight share of traffic under weighted balancing; 0 keeps it out of rotation
 * @param health the router's running view of it
 */
public record Deployment(String id, Provider provider, String upstreamModel, int weight, DeploymentHealth health) {
}
