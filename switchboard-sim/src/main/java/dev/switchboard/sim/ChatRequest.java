package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a chat completion request the simulator acts on, validated. Fields the simulator
 * ignores (temperature, user, metadata, ...) are accepted and left alone.
 *
 * @param model           echoed back; {@code "sim"} when absent
 * @param messages        the {@code messages} array, non-empty, each element an object with a role
 * @param choices         {@code n}, in [1,{@value #MAX_CHOICES}]
 * @param stream          whether to answer with server-sent events
 * @param includeUsage    {@code stream_options.include_usage}
 * @param stops           non-empty stop sequences
 * @param seed            the request's {@code seed}, 0 when absent
 * @param maxTokens       the tighter of {@code max_tokens}/{@code max_completion_tokens}; 0 when uncapped
 * @param tool            the function to call instead of answering with text; null for a text answer
 * @param format          the requested content format
 * @param schema          the JSON schema for {@link Format#JSON_SCHEMA}, else null
 */
record ChatRequest(
        String model,
        JsonNode messages,
        int choices,
        boolean stream,
        boolean includeUsage,
        List<String> stops,
        long seed,
        int maxTokens,
        ToolTarget tool,
        Format format,
        JsonNode schema) {

    static final int MAX_CHOICES = 128;

    enum Format { TEXT, JSON_OBJECT, JSON_SCHEMA }

    /** A declared function the answer calls, with its {@code parameters} schema (may be missing). */
    record ToolTarget(String name, JsonNode parameters) {
    }

    /** @throws InvalidRequestException naming the first offending parameter */
    static ChatRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidRequestException(null, "The request body must be a JSON object.");
        }
        JsonNode messages = messages(body.path("messages"));
        int maxTokens = minPositive(
                positiveInt(body, "max_tokens", Integer.MAX_VALUE),
                positiveInt(body, "max_completion_tokens", Integer.MAX_VALUE));
        JsonNode format = body.path("response_format");
        Format kind = format(format);
        JsonNode schema = kind == Format.JSON_SCHEMA ? format.path("json_schema").path("schema") : null;
        JsonNode guided = guidedSchema(body);
        if (guided != null && kind != Format.JSON_SCHEMA) {
            kind = Format.JSON_SCHEMA;
            schema = guided;
        }
        int choices = positiveInt(body, "n", MAX_CHOICES);
        return new ChatRequest(
                optionalText(body, "model", "sim"),
                messages,
                choices == 0 ? 1 : choices,
                optionalBoolean(body.path("stream"), "stream"),
                optionalBoolean(body.path("stream_options").path("include_usage"), "stream_options.include_usage"),
                stops(body.path("stop")),
                seed(body.path("seed")),
                maxTokens,
                ToolChoice.target(body, messages),
                kind,
                schema);
    }

    /**
     * The schema of vLLM's guided decoding parameters, {@code guided_json} or
     * {@code structured_outputs.json}, which the simulator honours like a {@code json_schema}
     * response format; null when neither is given.
     */
    private static JsonNode guidedSchema(JsonNode body) {
        JsonNode guided = body.path("guided_json");
        if (guided.isObject()) {
            return guided;
        }
        JsonNode structured = body.path("structured_outputs").path("json");
        return structured.isObject() ? structured : null;
    }

    private static JsonNode messages(JsonNode messages) {
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException("messages",
                    "'messages' must be a non-empty array of message objects.");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw new InvalidRequestException("messages[" + i + "]", "Each message must be a JSON object.");
            }
            if (!message.path("role").isTextual()) {
                throw new InvalidRequestException("messages[" + i + "].role",
                        "Each message needs a 'role' string (system, user, assistant or tool).");
            }
        }
        return messages;
    }

    private static Format format(JsonNode format) {
        if (format.isMissingNode() || format.isNull()) {
            return Format.TEXT;
        }
        return switch (format.path("type").asText("")) {
            case "text" -> Format.TEXT;
            case "json_object" -> Format.JSON_OBJECT;
            case "json_schema" -> Format.JSON_SCHEMA;
            default -> throw new InvalidRequestException("response_format.type",
                    "'response_format.type' must be one of text, json_object, json_schema.");
        };
    }

    private static List<String> stops(JsonNode stop) {
        List<String> stops = new ArrayList<>(4);
        if (stop.isTextual()) {
            stops.add(stop.textValue());
        } else if (stop.isArray()) {
            for (JsonNode element : stop) {
                if (!element.isTextual()) {
                    throw new InvalidRequestException("stop", "'stop' must be a string or an array of strings.");
                }
                stops.add(element.textValue());
            }
        } else if (!stop.isMissingNode() && !stop.isNull()) {
            throw new InvalidRequestException("stop", "'stop' must be a string or an array of strings.");
        }
        stops.removeIf(String::isEmpty);
        return stops;
    }

    private static long seed(JsonNode seed) {
        if (seed.isMissingNode() || seed.isNull()) {
            return 0;
        }
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw new InvalidRequestException("seed", "'seed' must be an integer.");
        }
        return seed.longValue();
    }

    /** An optional integer in [1,max]; 0 when absent. */
    private static int positiveInt(JsonNode body, String name, int max) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > max) {
            String range = max == Integer.MAX_VALUE ? "a positive integer" : "an integer in [1," + max + "]";
            throw new InvalidRequestException(name, "'" + name + "' must be " + range + ": " + value);
        }
        return value.intValue();
    }

    private static int minPositive(int a, int b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    private static String optionalText(JsonNode body, String name, String fallback) {
        JsonNode value = body.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(name, "'" + name + "' must be a string.");
        }
        return value.textValue();
    }

    private static boolean optionalBoolean(JsonNode value, String name) {
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequestException(name, "'" + name + "' must be a boolean.");
        }
        return value.booleanValue();
    }
}
