package dev.switchboard.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prompt-injection, content-safety and system-prompt-leakage guards ({@code guards:}), per tenant.
 * The section's own settings apply to callers without a tenant (the master key) and to tenants
 * without an override; {@code tenants} overrides them by tenant name, option by option. See
 * {@code docs/guards.md}.
 *
 * @param injection prompt injection and jailbreaks in user messages and tool results
 * @param moderation harmful content in requests and answers
 * @param leakage the system prompt echoed back in answers
 * @param tenants per-tenant overrides by tenant name
 */
public record GuardsConfig(InjectionGuardConfig injection, ModerationGuardConfig moderation,
                           LeakageGuardConfig leakage, Map<String, TenantGuardsConfig> tenants) {

    /** What a guard does when it fires. */
    public enum Action {
        /** The guard does not run. */
        OFF,
        /** The request or answer goes on; the response carries a header and an event is reported. */
        FLAG,
        /** The request is refused (400), or the answer stopped before the offending sentence. */
        BLOCK,
        /** The offending sentences are removed from the message and the request goes on (injection only). */
        STRIP;

        /** The action named {@code name} (case-insensitive; YAML's bare {@code off} arrives as "false"), or null. */
        public static Action parse(String name) {
            if (name == null) {
                return null;
            }
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("false")) {
                return OFF;
            }
            for (Action action : values()) {
                if (action.name().toLowerCase(java.util.Locale.ROOT).equals(lower)) {
                    return action;
                }
            }
            return null;
        }
    }

    public GuardsConfig {
        injection = InjectionGuardConfig.DEFAULTS.overriddenBy(injection);
        moderation = ModerationGuardConfig.DEFAULTS.overriddenBy(moderation);
        leakage = LeakageGuardConfig.DEFAULTS.overriddenBy(leakage);
        tenants = tenants != null ? Collections.unmodifiableMap(new LinkedHashMap<>(tenants)) : Map.of();
    }

    /** Every guard off. */
    public static GuardsConfig defaults() {
        return new GuardsConfig(null, null, null, null);
    }

    /** The settings of the tenant named {@code tenant} (null: the master key), overrides applied. */
    public GuardsConfig forTenant(String tenant) {
        TenantGuardsConfig override = tenant == null ? null : tenants.get(tenant);
        if (override == null) {
            return this;
        }
        return new GuardsConfig(injection.overriddenBy(override.injection()), moderation.overriddenBy(override.moderation()),
                leakage.overriddenBy(override.leakage()), Map.of());
    }

    /**
     * One tenant's overrides; each option left out keeps the section's value.
     */
    public record TenantGuardsConfig(InjectionGuardConfig injection, ModerationGuardConfig moderation,
                                     LeakageGuardConfig leakage) {
    }
}
