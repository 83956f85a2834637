package dev.switchboard.sim;

import static dev.switchboard.sim.TestHttp.json;
import static dev.switchboard.sim.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonNode embed(String fields) {
        HttpResponse<String> response = post(sim, "/embeddings", "{" + fields + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-simulator")).hasValue("true");
        return json(response.body());
    }

    private static double[] floats(JsonNode embedding) {
        double[] values = new double[embedding.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = embedding.get(i).asDouble();
        }
        return values;
    }

    private static double length(double[] vector) {
        double sum = 0;
        for (double v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Test
    void floatEmbeddingsAreUnitVectorsOfTheRequestedDimensions() {
        JsonNode body = embed("\"model\":\"e1\",\"input\":[\"alpha\",\"beta\"],\"dimensions\":64");

        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo("e1");
        assertThat(body.path("data")).hasSize(2);
        JsonNode second = body.path("data").get(1);
        assertThat(second.path("object").asText()).isEqualTo("embedding");
        assertThat(second.path("index").asInt()).isEqualTo(1);
        assertThat(second.path("embedding")).hasSize(64);
        assertThat(length(floats(second.path("embedding")))).isCloseTo(1.0, within(1e-5));
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(3); // "alpha" 2 + "beta" 1
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void defaultDimensionsComeFromTheConfiguration() {
        assertThat(embed("\"input\":\"hello\"").path("data").get(0).path("embedding")).hasSize(384);
    }

    @Test
    void sameTextGetsTheSameVectorAndOtherTextAnother() {
        JsonNode data = embed("\"input\":[\"same\",\"same\",\"other\"],\"dimensions\":8").path("data");

        assertThat(data.get(1).path("embedding")).isEqualTo(data.get(0).path("embedding"));
        assertThat(data.get(2).path("embedding")).isNotEqualTo(data.get(0).path("embedding"));
    }

    @Test
    void base64EncodingCarriesTheSameLittleEndianFloat32Vector() {
        double[] expected = floats(embed("\"input\":\"hello\",\"dimensions\":16").path("data").get(0).path("embedding"));

        String encoded = embed("\"input\":\"hello\",\"dimensions\":16,\"encoding_format\":\"base64\"")
                .path("data").get(0).path("embedding").asText();

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(16 * Float.BYTES);
        for (double component : expected) {
            assertThat(bytes.getFloat()).isEqualTo((float) component);
        }
    }

    @Test
    void tokenArraysAreAcceptedAsInputs() {
        JsonNode body = embed("\"input\":[[1,2,3],[4,5]],\"dimensions\":4");

        assertThat(body.path("data")).hasSize(2);
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void invalidInputAndEncodingAreRejectedNamingTheParameter() {
        HttpResponse<String> noInput = post(sim, "/embeddings", "{\"model\":\"e\"}");
        HttpResponse<String> badFormat = post(sim, "/embeddings", "{\"input\":\"x\",\"encoding_format\":\"hex\"}");

        assertThat(noInput.statusCode()).isEqualTo(400);
        assertThat(json(noInput.body()).path("error").path("param").asText()).isEqualTo("input");
        assertThat(json(badFormat.body()).path("error").path("param").asText()).isEqualTo("encoding_format");
    }
}
