package dev.switchboard.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Personal data in requests ({@code privacy:}): what is looked for, what is done with it, per tenant.
 * The policy, operators and secrets here are the defaults; {@code tenants} overrides them by tenant
 * name. See {@code docs/pii.md}.
 *
 * @param policy what happens to chat and embeddings requests: {@code off} (default), {@code detect}
 *     (findings reported in the {@code x-switchboard-pii} header, nothing changed), {@code redact}
 *     (findings replaced by their operators) or {@code pseudonymize} (findings replaced by
 *     placeholders restored in the answer)
 * @param entities entity types to look for, e.g. {@code [PERSON, EMAIL_ADDRESS]}; empty (default)
 *     for every type a recognizer knows
 * @param threshold findings scoring below this are ignored, 0 to 1; default 0.4
 * @param operator the operator of entity types without one in {@code operators}, under the
 *     {@code redact} policy and in {@code /v1/redact}; default {@code replace}
 * @param operators operator by entity type, e.g. {@code CREDIT_CARD: { type: mask, chars_to_mask: 12 }}
 * @param hashSalt secret salt of the {@code hash} operator, at least 16 characters; required when
 *     {@code hash} is used. Usually {@code ${env:...}}
 * @param encryptionKey AES-256 key of the {@code encrypt} operator: 32 bytes as base64 or 64 hex
 *     digits; required when {@code encrypt} is used. Usually {@code ${env:...}}
 * @param roles chat messages of these roles are analyzed; default system, user, assistant, tool
 * @param maxTextChars longest text {@code /v1/redact} and {@code switchboard redact} accept, in
 *     chars; default 1000000
 * @param redactLogs whether text headed for logs (error messages that may echo a request) is
 *     redacted; default true
 * @param tenants per-tenant overrides by tenant name
 * @param recognizers custom recognizers: regular expressions and deny-lists
 */
public record PrivacyConfig(String policy, List<String> entities, Double threshold, OperatorConfig operator,
                            Map<String, OperatorConfig> operators, String hashSalt, String encryptionKey,
                            List<String> roles, Integer maxTextChars, Boolean redactLogs,
                            Map<String, TenantPrivacyConfig> tenants, List<RecognizerConfig> recognizers) {

    /** The chat roles analyzed by default. */
    public static final List<String> ALL_ROLES = List.of("system", "user", "assistant", "tool");

    /** What happens to requests. */
    public enum Policy {
        OFF, DETECT, REDACT, PSEUDONYMIZE;

        /**
         * The policy named {@code name} (case-insensitive), or null. YAML reads a bare {@code off}
         * as the boolean false, which arrives here as {@code "false"} and also means off.
         */
        public static Policy parse(String name) {
            if (name == null) {
                return null;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("false")) {
                return OFF;
            }
            for (Policy policy : values()) {
                if (policy.name().toLowerCase(Locale.ROOT).equals(lower)) {
                    return policy;
                }
            }
            return null;
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PrivacyConfig {
        policy = policy != null ? policy : "off";
        entities = entities != null ? List.copyOf(entities) : List.of();
        threshold = threshold != null ? threshold : 0.4;
        operator = operator != null ? operator : OperatorConfig.of("replace");
        operators = operators != null ? Collections.unmodifiableMap(new LinkedHashMap<>(operators)) : Map.of();
        roles = roles != null ? List.copyOf(roles) : ALL_ROLES;
        maxTextChars = maxTextChars != null ? maxTextChars : 1_000_000;
        redactLogs = redactLogs != null ? redactLogs : true;
        tenants = tenants != null ? Collections.unmodifiableMap(new LinkedHashMap<>(tenants)) : Map.of();
        recognizers = recognizers != null ? List.copyOf(recognizers) : List.of();
    }

    /** The section's defaults: policy off, no custom recognizers. */
    public static PrivacyConfig defaults() {
        return new PrivacyConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The bytes of an {@code encryption_key}: 64 hex digits, or base64 of 32 bytes; null when it is
     * neither.
     */
    public static byte[] keyBytes(String key) {
        if (key == null) {
            return null;
        }
        String trimmed = key.strip();
        if (trimmed.matches("[0-9a-fA-F]{64}")) {
            return java.util.HexFormat.of().parseHex(trimmed);
        }
        try {
            byte[] bytes = java.util.Base64.getDecoder().decode(trimmed);
            return bytes.length == 32 ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "PrivacyConfig[policy=" + policy + ", entities=" + entities + ", threshold=" + threshold + ", operator="
                + operator + ", operators=" + operators + ", hashSalt=" + (hashSalt == null ? "unset" : "<redacted>")
                + ", encryptionKey=" + (encryptionKey == null ? "unset" : "<redacted>") + ", roles=" + roles
                + ", maxTextChars=" + maxTextChars + ", redactLogs=" + redactLogs + ", tenants=" + tenants
                + ", recognizers=" + recognizers + "]";
    }
}
