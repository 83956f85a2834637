package dev.switchboard.guard.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.guard.schema.InvalidSchemaException;
import dev.switchboard.guard.schema.JsonSchema;
import dev.switchboard.guard.schema.SchemaCache;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a chat request's tools and schemas before anything else is spent on it: each declared tool
 * (and legacy {@code functions} entry) must be allowed by the caller's tenant's {@link ToolPolicy},
 * else 400 {@code tool_not_allowed} naming the tool; each tool's {@code parameters} and the
 * {@code response_format} schema must compile, else 400 {@code invalid_schema} naming the tool, the
 * place in the schema and the problem. What the answer must match is left on the exchange as
 * {@link #CONTRACT}. Runs after {@code validate}, so the request's shape is known to be right.
 */
public final class ToolPolicyInterceptor implements Interceptor {

    /** What the answer to this request must match; absent when it declares no tools and no json_schema. */
    public static final Attribute<OutputContract> CONTRACT = Attribute.named("tools.contract");

    private static final JsonNode ANY_OBJECT = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode().put("type", "object");

    private final ToolPolicies policies;
    /** Clients send the same tools with every request: each schema is compiled once. */
    private final SchemaCache schemas = SchemaCache.defaults();

    public ToolPolicyInterceptor(ToolPolicies policies) {
        this.policies = policies;
    }

    @Override
    public boolean passesThrough(Exchange exchange) {
        if (exchange.operation() != Operation.CHAT_COMPLETIONS) {
            return true;
        }
        ObjectNode body = exchange.body();
        return body.path("tools").isEmpty() && body.path("functions").isEmpty()
                && !"json_schema".equals(body.path("response_format").path("type").asText(null));
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (passesThrough(exchange)) {
            return chain.proceed();
        }
        ObjectNode body = exchange.body();
        JsonNode tools = body.path("tools");
        JsonNode functions = body.path("functions");
        JsonNode format = body.path("response_format");
        boolean jsonSchema = "json_schema".equals(format.path("type").asText(null));
        ToolPolicy policy = policies.forCaller(exchange.get(AuthInterceptor.CALLER));
        Map<String, JsonSchema> toolSchemas = new HashMap<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode function = tools.get(i).path("function");
            declare(function, "tools[" + i + "].function", policy, toolSchemas);
        }
        for (int i = 0; i < functions.size(); i++) {
            declare(functions.get(i), "functions[" + i + "]", policy, toolSchemas);
        }
        JsonSchema responseSchema = null;
        String responseName = null;
        if (jsonSchema) {
            JsonNode schema = format.path("json_schema").path("schema");
            responseName = format.path("json_schema").path("name").asText(null);
            responseSchema = compile(schema.isObject() ? schema : ANY_OBJECT, "response_format.json_schema.schema",
                    "the response_format schema '" + responseName + "'");
        }
        exchange.put(CONTRACT, new OutputContract(toolSchemas, responseSchema, responseName, policy));
        return chain.proceed();
    }

    private void declare(JsonNode function, String param, ToolPolicy policy, Map<String, JsonSchema> compiled) {
        String name = function.path("name").asText("");
        if (!policy.allows(name)) {
            throw new ApiException(new ApiError(400, "invalid_request_error", "tool_not_allowed", param + ".name",
                    "Tool '" + name + "' is not allowed: " + policy.refusal(name) + ". Remove it from the request."));
        }
        JsonNode parameters = function.path("parameters");
        compiled.put(name, compile(parameters.isObject() ? parameters : ANY_OBJECT, param + ".parameters",
                "tool '" + name + "'"));
    }

    private JsonSchema compile(JsonNode schema, String param, String what) {
        try {
            return schemas.compile(schema);
        } catch (InvalidSchemaException e) {
            throw new ApiException(new ApiError(400, "invalid_request_error", "invalid_schema", param,
                    "The JSON Schema of " + what + " (" + param + ") cannot be used: " + e.getMessage()));
        }
    }
}
