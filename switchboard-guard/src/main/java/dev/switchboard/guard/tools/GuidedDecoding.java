package dev.switchboard.guard.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.UpstreamRequest;
import java.util.Locale;

/**
 * A provider that sends {@code response_format: json_schema} the way its upstream understands it
 * (the provider's {@code guided_decoding}), so that a {@code strict} schema constrains the model's
 * decoding where the upstream can do that, and retries are rarely needed:
 *
 * <ul>
 *   <li>{@code response_format}: as sent (OpenAI, Azure OpenAI and vLLM 0.6+ decode it natively);
 *       this mode does not wrap the provider at all;
 *   <li>{@code guided_json}: with {@code strict: true}, the schema goes as vLLM's {@code guided_json}
 *       parameter in place of {@code response_format};
 *   <li>{@code structured_outputs}: with {@code strict: true}, as vLLM 0.10+'s
 *       {@code structured_outputs: {json: schema}};
 *   <li>{@code none}: the upstream has no guided decoding; {@code response_format} is left out.
 * </ul>
 *
 * Whenever the schema does not go to a decoder (not strict, or {@code none}), it is described to the
 * model in the system message, and {@code response_format} becomes {@code json_object} where the
 * upstream supports that. The answer is checked by {@link StructuredOutputInterceptor} in every mode.
 * Thread-safe.
 */
public final class GuidedDecoding implements Provider {

    /** How an upstream takes a schema. */
    enum Mode { RESPONSE_FORMAT, GUIDED_JSON, STRUCTURED_OUTPUTS, NONE }

    private final Provider upstream;
    private final Mode mode;

    private GuidedDecoding(Provider upstream, Mode mode) {
        this.upstream = upstream;
        this.mode = mode;
    }

    /**
     * @param mode a provider's {@code guided_decoding}: response_format, guided_json, structured_outputs or none
     * @return {@code provider} itself for {@code response_format}, else a wrapper
     */
    public static Provider wrap(Provider provider, String mode) {
        Mode parsed = Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        return parsed == Mode.RESPONSE_FORMAT ? provider : new GuidedDecoding(provider, parsed);
    }

    @Override
    public EventStream open(UpstreamRequest request) {
        ObjectNode body = request.body();
        if (!"json_schema".equals(body.path("response_format").path("type").asText(null))) {
            return upstream.open(request);
        }
        return upstream.open(new UpstreamRequest(request.operation(), request.upstreamModel(), rewrite(body, mode),
                request.stream(), request.requestId(), request.timeouts(), request.deadlineNanos(),
                request.traceParent(), request.upstreamWait()));
    }

    /** A copy of {@code body} with its json_schema response format as {@code mode} has it. */
    static ObjectNode rewrite(ObjectNode body, Mode mode) {
        JsonNode format = body.path("response_format").path("json_schema");
        JsonNode schema = format.path("schema").isObject() ? format.get("schema") : Json.object().put("type", "object");
        boolean strict = format.path("strict").asBoolean(false);
        ObjectNode copy = body.deepCopy();
        if (strict && mode == Mode.GUIDED_JSON) {
            copy.remove("response_format");
            copy.set("guided_json", schema);
        } else if (strict && mode == Mode.STRUCTURED_OUTPUTS) {
            copy.remove("response_format");
            copy.putObject("structured_outputs").set("json", schema);
        } else if (mode == Mode.NONE) {
            copy.remove("response_format");
            describe(copy, format.path("name").asText(null), schema);
        } else if (mode != Mode.RESPONSE_FORMAT) {
            copy.putObject("response_format").put("type", "json_object");
            describe(copy, format.path("name").asText(null), schema);
        }
        return copy;
    }

    /** Tells the model the schema in the system message (the first one, or a new first one). */
    private static void describe(ObjectNode body, String name, JsonNode schema) {
        String instruction = "Answer with only a JSON value, and no other text, that matches this JSON Schema"
                + (name == null ? "" : " (named '" + name + "')") + ":\n" + Json.string(schema);
        ArrayNode messages = body.withArray("messages");
        JsonNode first = messages.isEmpty() ? null : messages.get(0);
        if (first instanceof ObjectNode system && "system".equals(system.path("role").asText())
                && system.path("content").isTextual()) {
            system.put("content", system.get("content").textValue() + "\n\n" + instruction);
        } else {
            ObjectNode message = messages.insertObject(0);
            message.put("role", "system");
            message.put("content", instruction);
        }
    }
}
