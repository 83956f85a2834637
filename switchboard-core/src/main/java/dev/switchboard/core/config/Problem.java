package dev.switchboard.core.config;

/**
 * One thing wrong with a config file.
 *
 * @param line 1-based line in the file, or 0 when unknown
 * @param path the option at fault, as {@code models[0].deployments[1].weight}; empty for the file
 * @param message what is wrong, naming the value where that helps and is not a secret
 */
public record Problem(int line, String path, String message) {
}
