package dev.switchboard.guard.tools;

import dev.switchboard.guard.schema.JsonSchema;
import java.util.Map;

/**
 * What a request's answer must look like, compiled from the request: the parameters schema of each
 * declared tool and the {@code response_format} schema, with the caller's policy for answers that
 * break them. Left on the exchange by {@link ToolPolicyInterceptor} for
 * {@link StructuredOutputInterceptor}. Immutable.
 *
 * @param tools parameters schema by tool name, for every declared tool (a tool without
 *     {@code parameters} takes an object)
 * @param responseSchema the {@code response_format.json_schema.schema}, or null
 * @param responseName the {@code response_format.json_schema.name}, or null
 * @param policy the caller's policy
 */
public record OutputContract(Map<String, JsonSchema> tools, JsonSchema responseSchema, String responseName,
                             ToolPolicy policy) {

    public OutputContract {
        tools = Map.copyOf(tools);
    }

    /** Whether tool-call arguments are checked. */
    public boolean checksTools() {
        return !tools.isEmpty() && policy.onInvalidArguments() != dev.switchboard.core.config.ToolsConfig.OnInvalid.OFF;
    }

    /** Whether the answer's content is checked against {@link #responseSchema()}. */
    public boolean checksResponse() {
        return responseSchema != null;
    }
}
