package dev.switchboard.server.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.config.OperatorConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.redact.Operator;
import dev.switchboard.guard.redact.PrivacyPolicy;
import dev.switchboard.guard.redact.PseudonymVault;
import dev.switchboard.guard.redact.Redactor;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The redaction request and answer of {@code POST /v1/redact}, also used line by line by
 * {@code switchboard redact}: {@code {text, entities?, operator?, threshold?, language?, return_text?}}
 * in, {@code {text, entities: [{type, start, end, score, text?}]}} out, offsets counted in Unicode
 * code points. Stateless.
 */
public final class RedactApi {

    private static final Set<String> FIELDS = Set.of("text", "entities", "operator", "threshold", "language",
            "return_text");
    private static final Set<String> OPERATOR_FIELDS = Set.of("type", "new_value", "masking_char", "chars_to_mask",
            "from_end");

    private RedactApi() {
    }

    /**
     * Redacts one request.
     *
     * @param policy the caller's policy: its entities, threshold and operators are the defaults
     * @param mayReturnText whether the caller may have the found text back ({@code return_text})
     * @throws ApiException 400 for bad input, naming the field; 403 for {@code return_text} when not allowed
     */
    public static ObjectNode redact(JsonNode request, Privacy privacy, PrivacyPolicy policy, boolean mayReturnText) {
        if (!(request instanceof ObjectNode body)) {
            throw Errors.badRequest(null, "The body must be a JSON object such as {\"text\": \"...\"}.");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw invalid(name, "unknown_parameter", "Unknown parameter '" + name + "'; known: "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ".");
            }
        });
        JsonNode textNode = body.get("text");
        if (textNode == null || textNode.isNull()) {
            throw invalid("text", "missing_text", "'text' is required: the text to redact.");
        }
        if (!textNode.isTextual()) {
            throw invalid("text", "invalid_type", "'text' must be a string.");
        }
        String text = textNode.textValue();
        if (text.length() > privacy.maxTextChars()) {
            throw invalid("text", "text_too_long", "'text' has " + text.length() + " characters; the limit is "
                    + privacy.maxTextChars() + " (privacy.max_text_chars). Split it into smaller texts.");
        }
        language(body.get("language"));
        boolean returnText = flag(body.get("return_text"), "return_text");
        if (returnText && !mayReturnText) {
            throw new ApiException(new ApiError(403, "permission_error", "return_text_not_allowed", "return_text",
                    "This API key may not have found text returned; use the master key or a key whose metadata"
                            + " has pii_return_text=true."));
        }
        JsonNode entities = body.get("entities");
        AnalysisOptions options = new AnalysisOptions(
                entities == null || entities.isNull() ? policy.options().entities() : entities(entities, privacy),
                threshold(body.get("threshold"), policy.options().threshold()));
        Redactor redactor = redactor(body.get("operator"), policy).boundTo(new PseudonymVault());
        List<Finding> findings = privacy.analyzer().analyze(text, options);
        ObjectNode answer = Json.object();
        answer.put("text", redactor.redact(text, findings));
        ArrayNode found = answer.putArray("entities");
        int codePoints = 0;
        int chars = 0;
        for (Finding finding : findings) {
            codePoints += text.codePointCount(chars, finding.start());
            int start = codePoints;
            codePoints += text.codePointCount(finding.start(), finding.end());
            chars = finding.end();
            ObjectNode entity = found.addObject();
            entity.put("type", finding.type());
            entity.put("start", start);
            entity.put("end", codePoints);
            entity.put("score", Math.round(finding.score() * 1000) / 1000.0);
            if (returnText) {
                entity.put("text", text.substring(finding.start(), finding.end()));
            }
        }
        return answer;
    }

    private static void language(JsonNode language) {
        if (language == null || language.isNull()) {
            return;
        }
        if (!language.isTextual() || !language.textValue().toLowerCase(Locale.ROOT).matches("en([-_][a-z0-9]+)*")) {
            throw invalid("language", "unsupported_language", "Only English ('en') is supported; got "
                    + language + ".");
        }
    }

    private static boolean flag(JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(name, "invalid_type", "'" + name + "' must be true or false.");
        }
        return value.booleanValue();
    }

    private static double threshold(JsonNode value, double fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || !(value.doubleValue() >= 0 && value.doubleValue() <= 1)) {
            throw invalid("threshold", "invalid_threshold", "'threshold' must be a number from 0 to 1.");
        }
        return value.doubleValue();
    }

    private static Set<String> entities(JsonNode value, Privacy privacy) {
        if (!value.isArray()) {
            throw invalid("entities", "invalid_type", "'entities' must be an array of entity types, e.g."
                    + " [\"PERSON\", \"EMAIL_ADDRESS\"].");
        }
        Set<String> known = privacy.analyzer().entities();
        Set<String> wanted = new LinkedHashSet<>();
        for (JsonNode entity : value) {
            if (!entity.isTextual() || !known.contains(entity.textValue())) {
                throw invalid("entities", "unknown_entity", "Unknown entity type " + entity + "; this server"
                        + " finds: " + (known.isEmpty() ? "none (no recognizer is configured)"
                        : String.join(", ", new TreeSet<>(known))) + ".");
            }
            wanted.add(entity.textValue());
        }
        return wanted;
    }

    private static Redactor redactor(JsonNode value, PrivacyPolicy policy) {
        if (value == null || value.isNull()) {
            return policy.explicit();
        }
        OperatorConfig config;
        if (value.isTextual()) {
            config = OperatorConfig.of(value.textValue());
        } else if (value.isObject()) {
            value.fieldNames().forEachRemaining(name -> {
                if (!OPERATOR_FIELDS.contains(name)) {
                    throw invalid("operator." + name, "unknown_parameter", "Unknown operator option '" + name
                            + "'; known: " + String.join(", ", new TreeSet<>(OPERATOR_FIELDS)) + ".");
                }
            });
            config = new OperatorConfig(text(value, "type"), text(value, "new_value"), text(value, "masking_char"),
                    value.path("chars_to_mask").isInt() ? value.get("chars_to_mask").intValue() : null,
                    value.path("from_end").isBoolean() ? value.get("from_end").booleanValue() : null);
        } else {
            throw invalid("operator", "invalid_type", "'operator' must be an operator name or an object such as"
                    + " {\"type\": \"mask\", \"chars_to_mask\": 4}.");
        }
        if (config.type() == null || !OperatorConfig.TYPES.contains(config.type())) {
            throw invalid("operator", "unknown_operator", "Unknown operator " + (config.type() == null ? "(none)"
                    : "'" + config.type() + "'") + "; one of " + String.join(", ", OperatorConfig.TYPES) + ".");
        }
        if (config.type().equals("mask") && (config.maskingChar().length() != 1 || config.charsToMask() < 0)) {
            throw invalid("operator", "invalid_operator", "A mask operator needs one masking_char and a"
                    + " chars_to_mask of 0 or more.");
        }
        try {
            Operator operator = policy.operators().create(config);
            return Redactor.of(operator);
        } catch (IllegalArgumentException e) {
            throw invalid("operator", "operator_unavailable", "The " + config.type() + " operator is not available: "
                    + e.getMessage() + ".");
        }
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("operator." + field, "invalid_type", "'operator." + field + "' must be a string.");
        }
        return value.textValue();
    }

    private static ApiException invalid(String param, String code, String message) {
        return new ApiException(new ApiError(400, "invalid_request_error", code, param, message));
    }
}
