package dev.switchboard.core.config;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** The rules of the {@code guards} section. */
final class GuardsValidator {

    /** The moderation categories' wire names (as OpenAI's moderation API). */
    static final List<String> CATEGORIES = List.of("sexual", "sexual/minors", "harassment", "harassment/threatening",
            "hate", "hate/threatening", "illicit", "illicit/violent", "self-harm", "self-harm/intent",
            "self-harm/instructions", "violence", "violence/graphic");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private GuardsValidator() {
    }

    static void validate(GuardsConfig guards, BiConsumer<String, String> problems) {
        injection("guards.injection", guards.injection(), problems);
        moderation("guards.moderation", guards.moderation(), problems);
        leakage("guards.leakage", guards.leakage(), problems);
        guards.tenants().forEach((name, tenant) -> {
            String path = "guards.tenants." + name;
            if (tenant == null) {
                problems.accept(path, "is empty; give at least one guard, e.g. { injection: { action: block } }");
                return;
            }
            if (tenant.injection() != null) {
                injection(path + ".injection", tenant.injection(), problems);
            }
            if (tenant.moderation() != null) {
                moderation(path + ".moderation", tenant.moderation(), problems);
            }
            if (tenant.leakage() != null) {
                leakage(path + ".leakage", tenant.leakage(), problems);
            }
        });
    }

    private static void injection(String path, InjectionGuardConfig config, BiConsumer<String, String> problems) {
        action(path + ".action", config.action(), "off, flag, block, strip", true, problems);
        threshold(path + ".threshold", config.threshold(), problems);
        if (config.roles() != null) {
            for (int i = 0; i < config.roles().size(); i++) {
                if (!ROLES.contains(config.roles().get(i))) {
                    problems.accept(path + ".roles[" + i + "]", "unknown role '" + config.roles().get(i)
                            + "'; one of system, user, assistant, tool");
                }
            }
        }
        remote(path + ".remote", config.remote(), problems);
    }

    private static void moderation(String path, ModerationGuardConfig config, BiConsumer<String, String> problems) {
        action(path + ".input", config.input(), "off, flag, block", false, problems);
        action(path + ".output", config.output(), "off, flag, block", false, problems);
        threshold(path + ".threshold", config.threshold(), problems);
        if (config.thresholds() != null) {
            config.thresholds().forEach((category, threshold) -> {
                if (!CATEGORIES.contains(category)) {
                    problems.accept(path + ".thresholds." + category, "unknown category '" + category + "'; one of "
                            + String.join(", ", CATEGORIES));
                } else {
                    threshold(path + ".thresholds." + category, threshold, problems);
                }
            });
        }
        remote(path + ".remote", config.remote(), problems);
    }

    private static void leakage(String path, LeakageGuardConfig config, BiConsumer<String, String> problems) {
        action(path + ".action", config.action(), "off, flag, block", false, problems);
        threshold(path + ".threshold", config.threshold(), problems);
    }

    private static void action(String path, String action, String allowed, boolean strip,
                               BiConsumer<String, String> problems) {
        if (action == null) {
            return;
        }
        GuardsConfig.Action parsed = GuardsConfig.Action.parse(action);
        if (parsed == null || parsed == GuardsConfig.Action.STRIP && !strip) {
            problems.accept(path, "invalid value '" + action + "'; expected one of " + allowed);
        }
    }

    private static void threshold(String path, Double threshold, BiConsumer<String, String> problems) {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            problems.accept(path, "must be between 0 and 1, was " + threshold);
        }
    }

    private static void remote(String path, RemoteClassifierConfig remote, BiConsumer<String, String> problems) {
        if (remote == null) {
            return;
        }
        if (remote.url() == null || !remote.url().matches("https?://[^\\s/]+.*")) {
            problems.accept(path + ".url", "must be an http(s) URL such as http://triton:8000, was '" + remote.url() + "'");
        }
        if (remote.model() == null || !remote.model().matches("[A-Za-z0-9_.-]{1,128}")) {
            problems.accept(path + ".model", "must be a model name (letters, digits, '_', '.', '-'), was '"
                    + remote.model() + "'");
        }
        if (remote.timeout().isZero() || remote.timeout().isNegative()) {
            problems.accept(path + ".timeout", "must be positive, was " + remote.timeout());
        }
        if (!remote.failure().equals("open") && !remote.failure().equals("closed")) {
            problems.accept(path + ".failure", "invalid value '" + remote.failure() + "'; expected open or closed");
        }
    }
}
