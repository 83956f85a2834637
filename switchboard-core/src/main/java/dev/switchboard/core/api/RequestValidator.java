package dev.switchboard.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Response;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rejects requests that no upstream could serve, before any upstream sees them, with a 400 that
 * names the field ({@code messages[2].role}) and says what is expected. Checks the fields OpenAI
 * defines; fields it does not know pass through untouched, for upstreams that do.
 */
public final class RequestValidator implements Interceptor {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final int MAX_TOOLS = 128;
    private static final int MAX_STOP = 4;
    private static final int MAX_EMBEDDING_INPUTS = 2048;

    private final int maxMessages;

    /** @param maxMessages most messages a chat request may carry */
    public RequestValidator(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (exchange.operation() == Operation.CHAT_COMPLETIONS) {
            validateChat(exchange.body());
        } else {
            validateEmbeddings(exchange.body());
        }
        return chain.proceed();
    }

    void validateChat(ObjectNode body) {
        model(body);
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw Errors.badRequest("messages", "'messages' is required: a list of {role, content} objects");
        }
        if (!messages.isArray()) {
            throw Errors.badRequest("messages", "'messages' must be an array, got " + kind(messages));
        }
        if (messages.isEmpty()) {
            throw Errors.badRequest("messages", "'messages' must contain at least one message");
        }
        if (messages.size() > maxMessages) {
            throw Errors.badRequest("messages", "'messages' has " + messages.size() + " messages; at most "
                    + maxMessages + " are allowed");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }
        bool(body, "stream");
        JsonNode streamOptions = body.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!streamOptions.isObject()) {
                throw Errors.badRequest("stream_options", "'stream_options' must be an object, got " + kind(streamOptions));
            }
            if (!body.path("stream").asBoolean(false)) {
                throw Errors.badRequest("stream_options", "'stream_options' is only allowed when 'stream' is true");
            }
            bool(streamOptions, "include_usage", "stream_options.include_usage");
        }
        integer(body, "n", 1, 128);
        integer(body, "max_tokens", 1, Integer.MAX_VALUE);
        integer(body, "max_completion_tokens", 1, Integer.MAX_VALUE);
        integer(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        integer(body, "top_logprobs", 0, 20);
        number(body, "temperature", 0, 2);
        number(body, "top_p", 0, 1);
        number(body, "presence_penalty", -2, 2);
        number(body, "frequency_penalty", -2, 2);
        bool(body, "logprobs");
        bool(body, "parallel_tool_calls");
        string(body, "user");
        stop(body.get("stop"));
        Set<String> toolNames = tools(body.get("tools"));
        toolChoice(body.get("tool_choice"), toolNames);
        responseFormat(body.get("response_format"));
    }

    void validateEmbeddings(ObjectNode body) {
        model(body);
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw Errors.badRequest("input", "'input' is required: a string or an array of strings");
        }
        if (input.isTextual()) {
            nonEmptyText(input, "input");
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw Errors.badRequest("input", "'input' must not be an empty array");
            }
            if (input.size() > MAX_EMBEDDING_INPUTS) {
                throw Errors.badRequest("input", "'input' has " + input.size() + " items; at most "
                        + MAX_EMBEDDING_INPUTS + " are allowed");
            }
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                String param = "input[" + i + "]";
                if (item.isTextual()) {
                    nonEmptyText(item, param);
                } else if (item.isArray()) {
                    for (JsonNode token : item) {
                        if (!token.isIntegralNumber()) {
                            throw Errors.badRequest(param, "'" + param + "' must be a string or an array of token ids");
                        }
                    }
                } else if (!item.isIntegralNumber()) {
                    throw Errors.badRequest(param, "'" + param + "' must be a string, a token id or an array of"
                            + " token ids, got " + kind(item));
                }
            }
        } else {
            throw Errors.badRequest("input", "'input' must be a string or an array of strings, got " + kind(input));
        }
        JsonNode format = body.get("encoding_format");
        if (format != null && !format.isNull()
                && !(format.isTextual() && (format.asText().equals("float") || format.asText().equals("base64")))) {
            throw Errors.badRequest("encoding_format", "'encoding_format' must be 'float' or 'base64'");
        }
        integer(body, "dimensions", 1, 65536);
        string(body, "user");
    }

    private static void model(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw Errors.badRequest("model", "'model' is required; GET /v1/models lists the models you can use");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw Errors.badRequest("model", "'model' must be a non-empty string, got " + kind(model));
        }
    }

    private static void message(JsonNode message, String param) {
        if (!message.isObject()) {
            throw Errors.badRequest(param, "'" + param + "' must be an object with 'role' and 'content', got "
                    + kind(message));
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
            throw Errors.badRequest(param + ".role", "'" + param + ".role' is required: one of " + String.join(", ",
                    new java.util.TreeSet<>(ROLES)));
        }
        if (!ROLES.contains(role.asText())) {
            throw Errors.badRequest(param + ".role", "'" + param + ".role' must be one of "
                    + String.join(", ", new java.util.TreeSet<>(ROLES)) + ", got '" + role.asText() + "'");
        }
        JsonNode content = message.get("content");
        boolean assistant = role.asText().equals("assistant");
        if (content == null || content.isNull()) {
            if (!assistant) {
                throw Errors.badRequest(param + ".content", "'" + param + ".content' is required for role '"
                        + role.asText() + "'");
            }
        } else if (content.isArray()) {
            for (int p = 0; p < content.size(); p++) {
                contentPart(content.get(p), param + ".content[" + p + "]");
            }
        } else if (!content.isTextual()) {
            throw Errors.badRequest(param + ".content", "'" + param + ".content' must be a string or an array of"
                    + " content parts, got " + kind(content));
        }
        if (role.asText().equals("tool")) {
            JsonNode id = message.get("tool_call_id");
            if (id == null || !id.isTextual()) {
                throw Errors.badRequest(param + ".tool_call_id", "'" + param + ".tool_call_id' is required for role"
                        + " 'tool': the id of the tool call this message answers");
            }
        }
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
            if (!assistant || !toolCalls.isArray()) {
                throw Errors.badRequest(param + ".tool_calls", "'" + param + ".tool_calls' must be an array, on"
                        + " assistant messages only");
            }
            for (int t = 0; t < toolCalls.size(); t++) {
                String callParam = param + ".tool_calls[" + t + "]";
                JsonNode call = toolCalls.get(t);
                if (!call.isObject() || !call.path("id").isTextual() || !call.path("function").path("name").isTextual()) {
                    throw Errors.badRequest(callParam, "'" + callParam + "' needs an 'id' and a 'function' with a"
                            + " 'name' and 'arguments'");
                }
            }
        }
    }

    private static void contentPart(JsonNode part, String param) {
        if (!part.isObject() || !part.path("type").isTextual()) {
            throw Errors.badRequest(param, "'" + param + "' must be an object with a 'type', e.g."
                    + " {\"type\": \"text\", \"text\": \"...\"}");
        }
        if (part.get("type").asText().equals("text") && !part.path("text").isTextual()) {
            throw Errors.badRequest(param + ".text", "'" + param + ".text' must be a string");
        }
    }

    private static void stop(JsonNode stop) {
        if (stop == null || stop.isNull() || stop.isTextual()) {
            return;
        }
        if (!stop.isArray() || stop.size() > MAX_STOP) {
            throw Errors.badRequest("stop", "'stop' must be a string or an array of at most " + MAX_STOP + " strings");
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw Errors.badRequest("stop[" + i + "]", "'stop[" + i + "]' must be a string, got " + kind(stop.get(i)));
            }
        }
    }

    private static Set<String> tools(JsonNode tools) {
        Set<String> names = new HashSet<>();
        if (tools == null || tools.isNull()) {
            return names;
        }
        if (!tools.isArray() || tools.size() > MAX_TOOLS) {
            throw Errors.badRequest("tools", "'tools' must be an array of at most " + MAX_TOOLS + " tools");
        }
        for (int i = 0; i < tools.size(); i++) {
            String param = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!tool.isObject() || !"function".equals(tool.path("type").asText(null))) {
                throw Errors.badRequest(param + ".type", "'" + param + ".type' must be 'function'");
            }
            JsonNode function = tool.get("function");
            if (function == null || !function.isObject()) {
                throw Errors.badRequest(param + ".function", "'" + param + ".function' is required: {name,"
                        + " description, parameters}");
            }
            JsonNode name = function.get("name");
            if (name == null || !name.isTextual() || !FUNCTION_NAME.matcher(name.asText()).matches()) {
                throw Errors.badRequest(param + ".function.name", "'" + param + ".function.name' must be 1 to 64"
                        + " letters, digits, underscores or dashes");
            }
            if (!names.add(name.asText())) {
                throw Errors.badRequest(param + ".function.name", "tool '" + name.asText() + "' is declared twice");
            }
            JsonNode parameters = function.get("parameters");
            if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                throw Errors.badRequest(param + ".function.parameters", "'" + param
                        + ".function.parameters' must be a JSON Schema object");
            }
        }
        return names;
    }

    private static void toolChoice(JsonNode choice, Set<String> toolNames) {
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.isTextual()) {
            String value = choice.asText();
            if (!value.equals("none") && !value.equals("auto") && !value.equals("required")) {
                throw Errors.badRequest("tool_choice", "'tool_choice' must be 'none', 'auto', 'required' or"
                        + " {\"type\": \"function\", \"function\": {\"name\": ...}}, got '" + value + "'");
            }
            if (value.equals("required") && toolNames.isEmpty()) {
                throw Errors.badRequest("tool_choice", "'tool_choice' is 'required' but no 'tools' are declared");
            }
            return;
        }
        String name = choice.path("function").path("name").asText(null);
        if (!choice.isObject() || name == null) {
            throw Errors.badRequest("tool_choice", "'tool_choice' must be 'none', 'auto', 'required' or"
                    + " {\"type\": \"function\", \"function\": {\"name\": ...}}");
        }
        if (!toolNames.contains(name)) {
            throw Errors.badRequest("tool_choice", "'tool_choice' names tool '" + name + "', which is not in 'tools'");
        }
    }

    private static void responseFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asText("");
        switch (type) {
            case "text", "json_object" -> {
            }
            case "json_schema" -> {
                JsonNode schema = format.get("json_schema");
                if (schema == null || !schema.isObject()) {
                    throw Errors.badRequest("response_format.json_schema", "'response_format.json_schema' is required"
                            + " for type 'json_schema': {name, schema, strict?}");
                }
                if (!schema.path("name").isTextual()) {
                    throw Errors.badRequest("response_format.json_schema.name",
                            "'response_format.json_schema.name' is required");
                }
                JsonNode body = schema.get("schema");
                if (body != null && !body.isNull() && !body.isObject()) {
                    throw Errors.badRequest("response_format.json_schema.schema",
                            "'response_format.json_schema.schema' must be a JSON Schema object");
                }
            }
            default -> throw Errors.badRequest("response_format.type", "'response_format.type' must be 'text',"
                    + " 'json_object' or 'json_schema'" + (type.isEmpty() ? "" : ", got '" + type + "'"));
        }
    }

    private static void integer(JsonNode body, String field, long min, long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw Errors.badRequest(field, "'" + field + "' must be an integer, got " + kind(value));
        }
        long v = value.asLong();
        if (v < min || v > max) {
            throw Errors.badRequest(field, "'" + field + "' must be between " + min + " and " + max + ", got " + v);
        }
    }

    private static void number(JsonNode body, String field, double min, double max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw Errors.badRequest(field, "'" + field + "' must be a number, got " + kind(value));
        }
        double v = value.asDouble();
        if (!(v >= min && v <= max)) {
            throw Errors.badRequest(field, "'" + field + "' must be between " + min + " and " + max + ", got " + v);
        }
    }

    private static void bool(JsonNode body, String field) {
        bool(body, field, field);
    }

    private static void bool(JsonNode body, String field, String param) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw Errors.badRequest(param, "'" + param + "' must be true or false, got " + kind(value));
        }
    }

    private static void string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw Errors.badRequest(field, "'" + field + "' must be a string, got " + kind(value));
        }
    }

    private static void nonEmptyText(JsonNode value, String param) {
        if (value.asText().isEmpty()) {
            throw Errors.badRequest(param, "'" + param + "' must not be an empty string");
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }
}
