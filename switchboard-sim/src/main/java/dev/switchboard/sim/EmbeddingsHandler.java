package dev.switchboard.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code POST /v1/embeddings}: one deterministic unit vector per input, as floats or base64.
 * Status and hang faults apply; there is no pacing. Thread-safe.
 */
final class EmbeddingsHandler implements Handler {

    private final SimulatorState state;

    EmbeddingsHandler(SimulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        state.counters.requests.increment();
        state.counters.embeddingRequests.increment();
        SimulatorConfig config = state.config();
        EmbeddingsRequest request;
        try {
            JsonNode body = RequestBodies.read(req);
            state.recordRequestBody(body);
            if (Responses.injectedFault(res, state.faults.next(false), state, config)) {
                return;
            }
            request = EmbeddingsRequest.parse(body);
        } catch (InvalidRequestException e) {
            Responses.invalidRequest(res, e);
            return;
        }
        int dimensions = request.dimensions() > 0 ? request.dimensions() : config.embeddingDimensions();
        ByteSink body = body(request, dimensions);
        Responses.json(res, 200, body.array(), body.size());
    }

    private static ByteSink body(EmbeddingsRequest request, int dimensions) {
        ByteSink sink = new ByteSink(256 + request.inputs().size() * dimensions * (request.base64() ? 6 : 12));
        int tokens = 0;
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(sink)) {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (int index = 0; index < request.inputs().size(); index++) {
                EmbeddingsRequest.Input input = request.inputs().get(index);
                tokens += input.tokens();
                float[] vector = EmbeddingVector.of(input.seed(), dimensions);
                json.writeStartObject();
                json.writeStringField("object", "embedding");
                json.writeNumberField("index", index);
                json.writeFieldName("embedding");
                if (request.base64()) {
                    json.writeString(EmbeddingVector.base64(vector));
                } else {
                    json.writeStartArray(vector, vector.length);
                    for (float component : vector) {
                        json.writeNumber(component);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("model", request.model());
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", tokens);
            json.writeNumberField("total_tokens", tokens);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return sink;
    }
}
