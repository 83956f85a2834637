package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings} for the in-process models, through the official OpenAI Java SDK. */
class LocalEmbeddingsTest {

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                providers:
                  local: { type: local }
                models:
                  - name: local/bge-small-en-v1.5
                    deployments: [{ provider: local, model: local/bge-small-en-v1.5 }]
                  - name: local/all-minilm-l6-v2
                    deployments: [{ provider: local, model: local/all-minilm-l6-v2 }]
                """);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
        }
        return dot;
    }

    @Test
    void theSdkGetsUnitVectorsOfThe384DimensionalModels() {
        for (String model : List.of("local/bge-small-en-v1.5", "local/all-minilm-l6-v2")) {
            CreateEmbeddingResponse response = fixture.client().embeddings().create(EmbeddingCreateParams.builder()
                    .model(model)
                    .inputOfArrayOfStrings(List.of("The wing stalls at a high angle of attack.",
                            "Airfoil flow separates when the angle of attack is too high.",
                            "Bake the bread until golden."))
                    .build());
            assertThat(response.data()).hasSize(3);
            List<Float> a = response.data().get(0).embedding();
            assertThat(a).as(model).hasSize(384);
            assertThat(cosine(a, a)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-3));
            assertThat(cosine(a, response.data().get(1).embedding()))
                    .isGreaterThan(cosine(a, response.data().get(2).embedding()));
            assertThat(response.model()).isEqualTo(model);
            assertThat(response.usage().promptTokens()).isGreaterThan(10);
        }
    }

    @Test
    void floatAndBase64EncodingsCarryTheSameVector() {
        String floats = fixture.post("/v1/embeddings",
                "{\"model\": \"local/all-minilm-l6-v2\", \"input\": \"hello\", \"encoding_format\": \"float\"}").body();
        JsonNode embedding = parse(floats).at("/data/0/embedding");
        assertThat(embedding.isArray()).isTrue();
        String base64 = fixture.post("/v1/embeddings",
                "{\"model\": \"local/all-minilm-l6-v2\", \"input\": \"hello\", \"encoding_format\": \"base64\"}").body();
        byte[] bytes = java.util.Base64.getDecoder().decode(parse(base64).at("/data/0/embedding").asText());
        java.nio.FloatBuffer decoded = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertThat(decoded.remaining()).isEqualTo(384);
        assertThat((double) decoded.get(5)).isCloseTo(embedding.get(5).asDouble(), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void unsupportedDimensionsAndTokenInputsAreRefusedWith400() {
        assertThatThrownBy(() -> fixture.client().embeddings().create(EmbeddingCreateParams.builder()
                .model("local/bge-small-en-v1.5").input("hello").dimensions(128).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage()).contains("384 dimensions"));
        var tokens = fixture.post("/v1/embeddings", "{\"model\": \"local/bge-small-en-v1.5\", \"input\": [[1, 2, 3]]}");
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(400);
        var chat = fixture.post("/v1/chat/completions",
                "{\"model\": \"local/bge-small-en-v1.5\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(400);
        assertThat(chat.body()).contains("embeddings only");
    }

    private static JsonNode parse(String body) {
        try {
            return dev.switchboard.core.json.Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(body, e);
        }
    }
}
