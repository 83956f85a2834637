package dev.switchboard.core.config;

import java.util.List;

/**
 * One tenant's overrides of the {@code tools} section; each option left out keeps the section's
 * value (a tenant's {@code deny} replaces the section's, it does not add to it).
 */
public record TenantToolsConfig(List<String> allow, List<String> deny, String onInvalidArguments,
                                String onInvalidResponse, Integer maxRepairs) {

    public TenantToolsConfig {
        allow = allow != null ? List.copyOf(allow) : null;
        deny = deny != null ? List.copyOf(deny) : null;
    }
}
