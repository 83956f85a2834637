package dev.switchboard.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's overrides of the {@code privacy} section; each option left out keeps the section's
 * value. {@code operators} are merged over the section's (a type named here gets this operator).
 */
public record TenantPrivacyConfig(String policy, List<String> entities, Double threshold, OperatorConfig operator,
                                  Map<String, OperatorConfig> operators, String hashSalt, String encryptionKey,
                                  List<String> roles) {

    public TenantPrivacyConfig {
        entities = entities != null ? List.copyOf(entities) : null;
        operators = operators != null ? Collections.unmodifiableMap(new LinkedHashMap<>(operators)) : Map.of();
        roles = roles != null ? List.copyOf(roles) : null;
    }

    @Override
    public String toString() {
        return "TenantPrivacyConfig[policy=" + policy + ", entities=" + entities + ", threshold=" + threshold
                + ", operator=" + operator + ", operators=" + operators + ", hashSalt="
                + (hashSalt == null ? "unset" : "<redacted>") + ", encryptionKey="
                + (encryptionKey == null ? "unset" : "<redacted>") + ", roles=" + roles + "]";
    }
}
