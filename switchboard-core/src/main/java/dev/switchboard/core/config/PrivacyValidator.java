package dev.switchboard.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The rules of the {@code privacy} section. Messages never quote a salt or key. */
final class PrivacyValidator {

    private static final Pattern ENTITY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    static final int MIN_SALT_LENGTH = 16;

    private PrivacyValidator() {
    }

    static void validate(PrivacyConfig privacy, BiConsumer<String, String> problems) {
        String path = "privacy";
        policy(path + ".policy", privacy.policy(), problems);
        entities(path + ".entities", privacy.entities(), problems);
        threshold(path + ".threshold", privacy.threshold(), problems);
        boolean hasSalt = privacy.hashSalt() != null;
        boolean hasKey = privacy.encryptionKey() != null;
        secrets(path, privacy.hashSalt(), privacy.encryptionKey(), problems);
        operator(path + ".operator", privacy.operator(), hasSalt, hasKey, problems);
        privacy.operators().forEach((type, op) -> {
            entity(path + ".operators." + type, type, problems);
            operator(path + ".operators." + type, op, hasSalt, hasKey, problems);
        });
        roles(path + ".roles", privacy.roles(), problems);
        if (privacy.maxTextChars() < 1) {
            problems.accept(path + ".max_text_chars", "must be at least 1, was " + privacy.maxTextChars());
        }
        privacy.tenants().forEach((name, tenant) -> {
            String tPath = path + ".tenants." + name;
            if (tenant == null) {
                problems.accept(tPath, "is empty; give at least one option, e.g. { policy: pseudonymize }");
                return;
            }
            if (tenant.policy() != null) {
                policy(tPath + ".policy", tenant.policy(), problems);
            }
            if (tenant.entities() != null) {
                entities(tPath + ".entities", tenant.entities(), problems);
            }
            if (tenant.threshold() != null) {
                threshold(tPath + ".threshold", tenant.threshold(), problems);
            }
            secrets(tPath, tenant.hashSalt(), tenant.encryptionKey(), problems);
            boolean salt = hasSalt || tenant.hashSalt() != null;
            boolean key = hasKey || tenant.encryptionKey() != null;
            if (tenant.operator() != null) {
                operator(tPath + ".operator", tenant.operator(), salt, key, problems);
            }
            tenant.operators().forEach((type, op) -> {
                entity(tPath + ".operators." + type, type, problems);
                operator(tPath + ".operators." + type, op, salt, key, problems);
            });
            if (tenant.roles() != null) {
                roles(tPath + ".roles", tenant.roles(), problems);
            }
        });
        recognizers(privacy.recognizers(), problems);
    }

    private static void policy(String path, String policy, BiConsumer<String, String> problems) {
        if (PrivacyConfig.Policy.parse(policy) == null) {
            problems.accept(path, "invalid value '" + policy + "'; expected one of off, detect, redact, pseudonymize");
        }
    }

    private static void entities(String path, List<String> entities, BiConsumer<String, String> problems) {
        for (int i = 0; i < entities.size(); i++) {
            entity(path + "[" + i + "]", entities.get(i), problems);
        }
    }

    private static void entity(String path, String entity, BiConsumer<String, String> problems) {
        if (entity == null || !ENTITY.matcher(entity).matches()) {
            problems.accept(path, "entity types are upper snake case, e.g. PERSON or EMAIL_ADDRESS: '" + entity + "'");
        }
    }

    private static void threshold(String path, double threshold, BiConsumer<String, String> problems) {
        if (!(threshold >= 0 && threshold <= 1)) {
            problems.accept(path, "must be between 0 and 1, was " + threshold);
        }
    }

    private static void secrets(String path, String salt, String key, BiConsumer<String, String> problems) {
        if (salt != null && salt.length() < MIN_SALT_LENGTH) {
            problems.accept(path + ".hash_salt", "must be at least " + MIN_SALT_LENGTH + " characters");
        }
        if (key != null && PrivacyConfig.keyBytes(key) == null) {
            problems.accept(path + ".encryption_key", "must be 32 bytes as 64 hex digits or as base64"
                    + " (e.g. the output of 'openssl rand -base64 32')");
        }
    }

    private static void operator(String path, OperatorConfig operator, boolean hasSalt, boolean hasKey,
                                 BiConsumer<String, String> problems) {
        if (operator == null || operator.type() == null) {
            problems.accept(path, "needs a type: one of " + String.join(", ", OperatorConfig.TYPES));
            return;
        }
        switch (operator.type()) {
            case "replace", "redact", "pseudonymize" -> { }
            case "mask" -> {
                if (operator.maskingChar().codePointCount(0, operator.maskingChar().length()) != 1
                        || Character.isSupplementaryCodePoint(operator.maskingChar().codePointAt(0))) {
                    problems.accept(path + ".masking_char", "must be one character, e.g. '*'");
                }
                if (operator.charsToMask() < 0) {
                    problems.accept(path + ".chars_to_mask", "cannot be negative, was " + operator.charsToMask());
                }
            }
            case "hash" -> {
                if (!hasSalt) {
                    problems.accept(path, "the hash operator needs privacy.hash_salt (or the tenant's hash_salt)");
                }
            }
            case "encrypt" -> {
                if (!hasKey) {
                    problems.accept(path, "the encrypt operator needs privacy.encryption_key (or the tenant's"
                            + " encryption_key)");
                }
            }
            default -> problems.accept(path, "unknown operator '" + operator.type() + "'; one of "
                    + String.join(", ", OperatorConfig.TYPES));
        }
    }

    private static void roles(String path, List<String> roles, BiConsumer<String, String> problems) {
        for (int i = 0; i < roles.size(); i++) {
            if (!PrivacyConfig.ALL_ROLES.contains(roles.get(i))) {
                problems.accept(path + "[" + i + "]", "unknown role '" + roles.get(i) + "'; one of "
                        + String.join(", ", PrivacyConfig.ALL_ROLES));
            }
        }
    }

    private static void recognizers(List<RecognizerConfig> recognizers, BiConsumer<String, String> problems) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < recognizers.size(); i++) {
            String path = "privacy.recognizers[" + i + "]";
            RecognizerConfig recognizer = recognizers.get(i);
            if (recognizer == null) {
                problems.accept(path, "is empty; a recognizer needs a name, a type and an entity");
                continue;
            }
            if (recognizer.name() == null || recognizer.name().isBlank()) {
                problems.accept(path + ".name", "is required");
            } else if (!names.add(recognizer.name())) {
                problems.accept(path + ".name", "recognizer '" + recognizer.name() + "' is defined twice");
            }
            entity(path + ".entity", recognizer.entity(), problems);
            threshold(path + ".score", recognizer.score(), problems);
            if (recognizer.type() == null || !RecognizerConfig.TYPES.contains(recognizer.type())) {
                problems.accept(path + ".type", "must be one of " + String.join(", ", RecognizerConfig.TYPES)
                        + ", was '" + recognizer.type() + "'");
            } else if (recognizer.type().equals("regex")) {
                if (recognizer.pattern() == null || recognizer.pattern().isEmpty()) {
                    problems.accept(path + ".pattern", "is required for a regex recognizer");
                } else {
                    try {
                        Pattern.compile(recognizer.pattern());
                    } catch (PatternSyntaxException e) {
                        problems.accept(path + ".pattern", "is not a valid regular expression: " + e.getDescription()
                                + " near index " + e.getIndex());
                    }
                }
            } else if (recognizer.words().isEmpty() || recognizer.words().stream().anyMatch(w -> w == null || w.isBlank())) {
                problems.accept(path + ".words", "a deny_list recognizer needs a list of non-empty words");
            }
        }
    }
}
