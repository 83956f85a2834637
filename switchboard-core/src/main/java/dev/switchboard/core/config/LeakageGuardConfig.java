package dev.switchboard.core.config;

/**
 * The system-prompt leakage guard ({@code guards.leakage}): answers that echo the request's system
 * prompt, or a distinctive part of it (a code, a key, an unusual long word).
 *
 * @param action {@code off} (default), {@code flag} or {@code block} (a stream is stopped before the
 *     leaking sentence is delivered; a whole answer is replaced by a 400 {@code system_prompt_leak})
 * @param threshold the share of the system prompt's 5-word sequences an answer may repeat before it
 *     counts as leaking, 0 to 1; default 0.3. A distinctive token of the prompt repeated counts
 *     regardless
 */
public record LeakageGuardConfig(String action, Double threshold) {

    static final LeakageGuardConfig DEFAULTS = new LeakageGuardConfig("off", 0.3);

    LeakageGuardConfig overriddenBy(LeakageGuardConfig override) {
        if (override == null) {
            return this;
        }
        return new LeakageGuardConfig(override.action != null ? override.action : action,
                override.threshold != null ? override.threshold : threshold);
    }

    public GuardsConfig.Action parsedAction() {
        GuardsConfig.Action parsed = GuardsConfig.Action.parse(action);
        return parsed != null ? parsed : GuardsConfig.Action.OFF;
    }
}
