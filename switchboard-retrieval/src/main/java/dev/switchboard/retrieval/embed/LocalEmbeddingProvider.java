package dev.switchboard.retrieval.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.provider.UpstreamHttp;
import dev.switchboard.core.spi.ProblemSink;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderFactory;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.core.spi.UpstreamRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code type: local}: embeddings computed in the gateway's own JVM by the models of
 * {@link EmbeddingModels} — a deployment's {@code model} names one, e.g.
 * {@code local/bge-small-en-v1.5}. Answers {@code /v1/embeddings} in OpenAI's shape, floats or
 * {@code encoding_format: base64} (little-endian float32, as OpenAI's SDKs expect). Inputs are
 * embedded as passages (no query prefix). Chat completions are refused. Thread-safe.
 */
public final class LocalEmbeddingProvider implements Provider {

    /** The provider {@code type} in config. */
    public static final String TYPE = "local";

    private final EmbeddingModels models;

    public LocalEmbeddingProvider(EmbeddingModels models) {
        this.models = models;
    }

    @Override
    public EventStream open(UpstreamRequest request) {
        if (request.operation() != Operation.EMBEDDINGS) {
            throw clientError("model", "this model computes embeddings only; call /v1/embeddings");
        }
        Embedder embedder = models.find(request.upstreamModel()).orElseThrow(() -> UpstreamException.status(404, null, null,
                "no in-process embedding model named '" + request.upstreamModel() + "'"));
        ObjectNode body = request.body();
        JsonNode input = body.get("input");
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.textValue());
        } else {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw clientError("input", "in-process models take strings only, not token arrays");
                }
                texts.add(item.textValue());
            }
        }
        JsonNode dimensions = body.get("dimensions");
        if (dimensions != null && !dimensions.isNull() && dimensions.asInt() != embedder.dimensions()) {
            throw clientError("dimensions", request.upstreamModel() + " has " + embedder.dimensions()
                    + " dimensions and cannot shorten them; leave 'dimensions' out");
        }
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw clientError("encoding_format", "encoding_format must be 'float' or 'base64', was '" + format + "'");
        }
        long start = System.nanoTime();
        Embedder.Embeddings embeddings = embedder.embed(texts, Embedder.Purpose.PASSAGE);
        request.upstreamWait().add(start, System.nanoTime()); // the model's time, as an upstream's would be
        ObjectNode answer = Json.object();
        answer.put("object", "list");
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < embeddings.vectors().size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            float[] vector = embeddings.vectors().get(i);
            if (format.equals("base64")) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        answer.put("model", embedder.model());
        ObjectNode usage = answer.putObject("usage");
        usage.put("prompt_tokens", embeddings.tokens());
        usage.put("total_tokens", embeddings.tokens());
        return EventStream.of(List.of(Event.ofJson(answer)));
    }

    private static UpstreamException clientError(String param, String message) {
        return UpstreamException.status(400, null, ApiError.invalidRequest(param, message), message);
    }

    /** Creates {@link LocalEmbeddingProvider}s; a {@code local} provider takes no settings. */
    public static final class Factory implements ProviderFactory {

        private final EmbeddingModels models;

        public Factory(EmbeddingModels models) {
            this.models = models;
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void validate(ProviderConfig config, ProblemSink problems) {
            if (config.baseUrl() != null) {
                problems.report("base_url", "does not apply to local models, which run inside the gateway");
            }
            if (config.apiKey() != null) {
                problems.report("api_key", "does not apply to local models");
            }
            if (config.apiVersion() != null) {
                problems.report("api_version", "applies to type azure-openai only");
            }
        }

        @Override
        public Provider create(String name, ProviderConfig config, UpstreamHttp http) {
            return new LocalEmbeddingProvider(models);
        }
    }
}
