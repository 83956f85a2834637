package dev.switchboard.core.config;

import java.util.List;

/**
 * The prompt-injection guard ({@code guards.injection}).
 *
 * @param action {@code off} (default), {@code flag} (header {@code x-switchboard-guard} and an
 *     event), {@code block} (400 with code {@code prompt_injection}) or {@code strip} (the sentences
 *     scoring at or above the threshold are removed from the message)
 * @param threshold a message scoring at or above this probability of injection is acted on, 0 to 1;
 *     default 0.5
 * @param roles chat messages of these roles are checked: {@code user} (direct injection) and
 *     {@code tool} (tool results: indirect injection); {@code system} and {@code assistant} may be
 *     added; default [user, tool]
 * @param remote score with a remote classifier instead of the built-in one; default none
 */
public record InjectionGuardConfig(String action, Double threshold, List<String> roles, RemoteClassifierConfig remote) {

    static final InjectionGuardConfig DEFAULTS = new InjectionGuardConfig("off", 0.5, List.of("user", "tool"), null);

    public InjectionGuardConfig {
        roles = roles != null ? List.copyOf(roles) : null;
    }

    /** This config with every option {@code override} sets replaced by its value. */
    InjectionGuardConfig overriddenBy(InjectionGuardConfig override) {
        if (override == null) {
            return this;
        }
        return new InjectionGuardConfig(override.action != null ? override.action : action,
                override.threshold != null ? override.threshold : threshold,
                override.roles != null ? override.roles : roles,
                override.remote != null ? override.remote : remote);
    }

    /** The parsed action; {@code OFF} for an invalid one (rejected by validation). */
    public GuardsConfig.Action parsedAction() {
        GuardsConfig.Action parsed = GuardsConfig.Action.parse(action);
        return parsed != null ? parsed : GuardsConfig.Action.OFF;
    }
}
