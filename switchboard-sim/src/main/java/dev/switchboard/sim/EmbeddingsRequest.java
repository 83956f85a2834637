package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code POST /v1/embeddings} request.
 *
 * @param model      echoed back; {@code "sim-embedding"} when absent
 * @param inputs     one per input, each reduced to a seed and a token count
 * @param dimensions requested vector length, or 0 for the configured default
 * @param base64     {@code encoding_format: "base64"} (little-endian float32, base64) instead of floats
 */
record EmbeddingsRequest(String model, List<Input> inputs, int dimensions, boolean base64) {

    static final int MAX_INPUTS = 2048;

    /** One input text or token array, as the seed of its vector and its token count. */
    record Input(long seed, int tokens) {
    }

    /** @throws InvalidRequestException naming the first offending parameter */
    static EmbeddingsRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidRequestException(null, "The request body must be a JSON object.");
        }
        JsonNode model = body.path("model");
        if (!model.isMissingNode() && !model.isNull() && !model.isTextual()) {
            throw new InvalidRequestException("model", "'model' must be a string.");
        }
        return new EmbeddingsRequest(model.isTextual() ? model.textValue() : "sim-embedding",
                inputs(body.path("input")), dimensions(body.path("dimensions")), base64(body.path("encoding_format")));
    }

    private static List<Input> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(text(input.textValue()));
        }
        if (!input.isArray() || input.isEmpty() || input.size() > MAX_INPUTS) {
            throw invalidInput();
        }
        if (input.get(0).isIntegralNumber()) {
            return List.of(tokens(input)); // one input given as token ids
        }
        List<Input> inputs = new ArrayList<>(input.size());
        for (JsonNode element : input) {
            if (element.isTextual()) {
                inputs.add(text(element.textValue()));
            } else if (element.isArray() && !element.isEmpty()) {
                inputs.add(tokens(element));
            } else {
                throw invalidInput();
            }
        }
        return inputs;
    }

    private static Input text(String text) {
        return new Input(SimulatedText.fingerprint(text), SimulatedText.estimateTokens(text));
    }

    private static Input tokens(JsonNode ids) {
        long hash = 0x84222325cbf29ce4L;
        for (JsonNode id : ids) {
            if (!id.isIntegralNumber()) {
                throw invalidInput();
            }
            hash = SimulatedText.mix(hash ^ id.longValue());
        }
        return new Input(hash, ids.size());
    }

    private static InvalidRequestException invalidInput() {
        return new InvalidRequestException("input", "'input' must be a string, an array of up to " + MAX_INPUTS
                + " strings, an array of token ids, or an array of non-empty token-id arrays.");
    }

    private static int dimensions(JsonNode dimensions) {
        if (dimensions.isMissingNode() || dimensions.isNull()) {
            return 0;
        }
        int max = SimulatorConfig.MAX_EMBEDDING_DIMENSIONS;
        if (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt()
                || dimensions.intValue() < 1 || dimensions.intValue() > max) {
            throw new InvalidRequestException("dimensions",
                    "'dimensions' must be an integer in [1," + max + "]: " + dimensions);
        }
        return dimensions.intValue();
    }

    private static boolean base64(JsonNode format) {
        if (format.isMissingNode() || format.isNull() || "float".equals(format.asText())) {
            return false;
        }
        if ("base64".equals(format.asText())) {
            return true;
        }
        throw new InvalidRequestException("encoding_format", "'encoding_format' must be float or base64: " + format);
    }
}
