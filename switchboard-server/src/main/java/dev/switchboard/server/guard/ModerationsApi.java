package dev.switchboard.server.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.json.Json;
import dev.switchboard.guard.moderation.ModerationCategory;
import dev.switchboard.guard.moderation.ModerationScores;
import dev.switchboard.guard.safety.GuardPolicy;
import dev.switchboard.guard.safety.GuardUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /v1/moderations}, in OpenAI's shape: {@code {"input": string | [string] | [{"type":
 * "text", "text"}], "model"?}} in; {@code {"id", "model", "results": [{"flagged", "categories",
 * "category_scores", "category_applied_input_types"}]}} out, one result per input text. Scores come
 * from the caller's tenant's moderation scorer (built in, or remote) and a category is flagged at its
 * tenant threshold. Also used line by line by {@code switchboard classify --guard moderation}.
 * Stateless.
 */
public final class ModerationsApi {

    /** The model name answered when the request names none. */
    public static final String MODEL = "switchboard-moderation-1";
    public static final int MAX_INPUTS = 256;
    public static final int MAX_TEXT_CHARS = 1_000_000;
    private static final Set<String> FIELDS = Set.of("input", "model");

    private ModerationsApi() {
    }

    /**
     * @throws ApiException 400 naming the field for bad input; 503 when a remote scorer is down
     */
    public static ObjectNode moderate(JsonNode request, GuardPolicy policy, String id) {
        if (!(request instanceof ObjectNode body)) {
            throw invalid(null, "invalid_type", "The body must be a JSON object such as {\"input\": \"...\"}.");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw invalid(name, "unknown_parameter", "Unknown parameter '" + name + "'; known: "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ".");
            }
        });
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && !model.isTextual()) {
            throw invalid("model", "invalid_type", "'model' must be a string.");
        }
        List<String> texts = texts(body.get("input"));
        ObjectNode answer = Json.object();
        answer.put("id", "modr-" + id);
        answer.put("model", model != null && model.isTextual() ? model.textValue() : MODEL);
        ArrayNode results = answer.putArray("results");
        for (String text : texts) {
            ModerationScores scores;
            try {
                scores = policy.moderationScorer().score(text);
            } catch (GuardUnavailableException e) {
                throw new ApiException(new ApiError(503, "server_error", "guard_unavailable", null,
                        "The moderation classifier is unavailable; retry later."));
            }
            results.add(result(scores, policy));
        }
        return answer;
    }

    /** One OpenAI moderation result object. */
    public static ObjectNode result(ModerationScores scores, GuardPolicy policy) {
        ObjectNode result = Json.object();
        List<ModerationCategory> flagged = policy.flagged(scores);
        result.put("flagged", !flagged.isEmpty());
        ObjectNode categories = result.putObject("categories");
        ObjectNode categoryScores = result.putObject("category_scores");
        ObjectNode inputTypes = result.putObject("category_applied_input_types");
        for (ModerationCategory category : ModerationCategory.all()) {
            categories.put(category.wireName(), flagged.contains(category));
            categoryScores.put(category.wireName(), Math.round(scores.score(category) * 1e6) / 1e6);
            inputTypes.putArray(category.wireName()).add("text");
        }
        return result;
    }

    private static List<String> texts(JsonNode input) {
        if (input == null || input.isNull()) {
            throw invalid("input", "missing_input", "'input' is required: a string, an array of strings, or an"
                    + " array of {\"type\": \"text\", \"text\": ...} objects.");
        }
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.textValue());
        } else if (input instanceof ArrayNode items) {
            if (items.isEmpty()) {
                throw invalid("input", "empty_input", "'input' is an empty array; give at least one text.");
            }
            if (items.size() > MAX_INPUTS) {
                throw invalid("input", "too_many_inputs", "'input' has " + items.size() + " items; the limit is "
                        + MAX_INPUTS + ".");
            }
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                if (item.isTextual()) {
                    texts.add(item.textValue());
                } else if (item.isObject() && "text".equals(item.path("type").asText()) && item.path("text").isTextual()) {
                    texts.add(item.get("text").textValue());
                } else if (item.isObject() && "image_url".equals(item.path("type").asText())) {
                    throw invalid("input[" + i + "]", "unsupported_input", "Image inputs are not supported;"
                            + " send text only.");
                } else {
                    throw invalid("input[" + i + "]", "invalid_type", "Each input must be a string or"
                            + " {\"type\": \"text\", \"text\": \"...\"}.");
                }
            }
        } else {
            throw invalid("input", "invalid_type", "'input' must be a string or an array.");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).length() > MAX_TEXT_CHARS) {
                throw invalid(texts.size() == 1 && input.isTextual() ? "input" : "input[" + i + "]", "text_too_long",
                        "The text has " + texts.get(i).length() + " characters; the limit is " + MAX_TEXT_CHARS + ".");
            }
        }
        return texts;
    }

    private static ApiException invalid(String param, String code, String message) {
        return new ApiException(new ApiError(400, "invalid_request_error", code, param, message));
    }
}
