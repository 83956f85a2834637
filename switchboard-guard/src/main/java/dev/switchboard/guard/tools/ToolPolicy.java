package dev.switchboard.guard.tools;

import dev.switchboard.core.config.ToolsConfig.OnInvalid;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What one tenant (or callers without a tenant) may declare as tools, and what happens to output
 * that breaks its schema. Immutable.
 *
 * @param allow globs of tool names that may be declared
 * @param deny globs of tool names refused even when allowed
 * @param onInvalidArguments tool-call arguments that break the tool's parameters: repair, error or off
 * @param onInvalidResponse a {@code json_schema} answer that breaks its schema: repair or error
 * @param maxRepairs most re-asks of one request
 */
public record ToolPolicy(List<String> allow, List<String> deny, OnInvalid onInvalidArguments,
                         OnInvalid onInvalidResponse, int maxRepairs) {

    /** Globs compiled once: they come from the config, so there are few. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    public ToolPolicy {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        allowPatterns(allow);
    }

    /** Every tool allowed; invalid output repaired up to twice. */
    public static ToolPolicy permissive() {
        return new ToolPolicy(List.of("*"), List.of(), OnInvalid.REPAIR, OnInvalid.REPAIR, 2);
    }

    /** Whether a request may declare the tool named {@code name}. */
    public boolean allows(String name) {
        return matchesAny(deny, name) ? false : matchesAny(allow, name);
    }

    /** Why {@code name} is refused, for the client: the deny glob it matches, or the allowed globs. */
    String refusal(String name) {
        for (String glob : deny) {
            if (glob(glob).matcher(name).matches()) {
                return "the tool policy of this key denies '" + glob + "'";
            }
        }
        return allow.isEmpty() ? "this key may use no tools" : "this key may use only " + String.join(", ", allow);
    }

    private static boolean matchesAny(List<String> globs, String name) {
        for (String glob : globs) {
            if (glob(glob).matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static void allowPatterns(List<String> globs) {
        globs.forEach(ToolPolicy::glob); // fail on construction, not on the first request
    }

    /** {@code *} any run of characters, {@code ?} one; everything else literal. */
    static Pattern glob(String glob) {
        return COMPILED.computeIfAbsent(glob, ToolPolicy::compile);
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
