package dev.switchboard.core.config;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** The rules of the {@code tools} section and of each provider's {@code guided_decoding}. */
final class ToolsValidator {

    /** Tool names are letters, digits, _ and -; a glob adds * and ?. */
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_*?-]{1,64}");

    private ToolsValidator() {
    }

    static void validate(SwitchboardConfig config, BiConsumer<String, String> problems) {
        ToolsConfig tools = config.tools();
        globs("tools.allow", tools.allow(), problems);
        globs("tools.deny", tools.deny(), problems);
        onInvalid("tools.on_invalid_arguments", tools.onInvalidArguments(), true, problems);
        onInvalid("tools.on_invalid_response", tools.onInvalidResponse(), false, problems);
        maxRepairs("tools.max_repairs", tools.maxRepairs(), problems);
        tools.tenants().forEach((name, tenant) -> {
            String path = "tools.tenants." + name;
            if (tenant == null) {
                problems.accept(path, "is empty; give at least one option, e.g. { allow: [search_*] }");
                return;
            }
            if (tenant.allow() != null) {
                globs(path + ".allow", tenant.allow(), problems);
            }
            if (tenant.deny() != null) {
                globs(path + ".deny", tenant.deny(), problems);
            }
            if (tenant.onInvalidArguments() != null) {
                onInvalid(path + ".on_invalid_arguments", tenant.onInvalidArguments(), true, problems);
            }
            if (tenant.onInvalidResponse() != null) {
                onInvalid(path + ".on_invalid_response", tenant.onInvalidResponse(), false, problems);
            }
            if (tenant.maxRepairs() != null) {
                maxRepairs(path + ".max_repairs", tenant.maxRepairs(), problems);
            }
        });
        config.providers().forEach((name, provider) -> {
            if (provider != null && provider.guidedDecoding() != null
                    && !ProviderConfig.GUIDED_DECODING.contains(provider.guidedDecoding())) {
                problems.accept("providers." + name + ".guided_decoding", "invalid value '" + provider.guidedDecoding()
                        + "'; expected one of " + String.join(", ", ProviderConfig.GUIDED_DECODING));
            }
        });
    }

    private static void globs(String path, List<String> globs, BiConsumer<String, String> problems) {
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i);
            if (glob == null || !GLOB.matcher(glob).matches()) {
                problems.accept(path + "[" + i + "]", "tool names and globs use letters, digits, _ - * ? (at most 64):"
                        + " '" + glob + "'");
            }
        }
    }

    private static void onInvalid(String path, String value, boolean offAllowed, BiConsumer<String, String> problems) {
        ToolsConfig.OnInvalid parsed = ToolsConfig.OnInvalid.parse(value);
        if (parsed == null || parsed == ToolsConfig.OnInvalid.OFF && !offAllowed) {
            problems.accept(path, "invalid value '" + ("false".equals(value) ? "off" : value) + "'; expected one of repair, error"
                    + (offAllowed ? ", off" : ""));
        }
    }

    private static void maxRepairs(String path, int value, BiConsumer<String, String> problems) {
        if (value < 0 || value > ToolsConfig.MAX_REPAIRS_LIMIT) {
            problems.accept(path, "must be between 0 and " + ToolsConfig.MAX_REPAIRS_LIMIT + ", was " + value);
        }
    }
}
