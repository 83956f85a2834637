package dev.switchboard.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tools and structured output ({@code tools:}): which tools a request may declare, and what happens
 * when an answer's tool-call arguments or its {@code response_format: json_schema} object do not
 * match their schema. The values here are the defaults; {@code tenants} overrides them by tenant
 * name. See {@code docs/tools-and-structured-output.md}.
 *
 * @param allow tool names a request may declare, as globs ({@code *} any characters, {@code ?} one);
 *     default {@code ["*"]}, every tool
 * @param deny tool names refused even when {@code allow} matches them, as globs; default none
 * @param onInvalidArguments tool-call arguments that do not match the tool's declared parameters:
 *     {@code repair} (default: the model is asked again, shown what was wrong), {@code error} (the
 *     client gets a 502 {@code invalid_tool_arguments}) or {@code off} (not checked)
 * @param onInvalidResponse an answer to {@code response_format: json_schema} that does not match the
 *     schema: {@code repair} (default) or {@code error} (502 {@code invalid_structured_output})
 * @param maxRepairs how many times one request re-asks the model, 0 to 5; default 2
 * @param tenants per-tenant overrides by tenant name
 */
public record ToolsConfig(List<String> allow, List<String> deny, String onInvalidArguments, String onInvalidResponse,
                          Integer maxRepairs, Map<String, TenantToolsConfig> tenants) {

    /** What to do about output that does not match its schema. */
    public enum OnInvalid {
        /** Re-ask the model with the violations, up to {@code max_repairs} times, then fail. */
        REPAIR,
        /** Fail the request at once. */
        ERROR,
        /** Do not check (tool arguments only). */
        OFF;

        /** The value named {@code name} (case-insensitive; YAML's bare {@code off} arrives as "false"), or null. */
        public static OnInvalid parse(String name) {
            if (name == null) {
                return null;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            return switch (lower) {
                case "repair" -> REPAIR;
                case "error" -> ERROR;
                case "off", "false" -> OFF;
                default -> null;
            };
        }
    }

    public static final int MAX_REPAIRS_LIMIT = 5;

    public ToolsConfig {
        allow = allow != null ? List.copyOf(allow) : List.of("*");
        deny = deny != null ? List.copyOf(deny) : List.of();
        onInvalidArguments = onInvalidArguments != null ? onInvalidArguments : "repair";
        onInvalidResponse = onInvalidResponse != null ? onInvalidResponse : "repair";
        maxRepairs = maxRepairs != null ? maxRepairs : 2;
        tenants = tenants != null ? Collections.unmodifiableMap(new LinkedHashMap<>(tenants)) : Map.of();
    }

    /** Every default: every tool allowed, invalid output repaired up to twice. */
    public static ToolsConfig defaults() {
        return new ToolsConfig(null, null, null, null, null, null);
    }
}
