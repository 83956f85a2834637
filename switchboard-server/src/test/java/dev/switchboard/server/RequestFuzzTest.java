package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated request bodies, sent over HTTP: whatever a client sends, the answer is a
 * success or an OpenAI-shaped 4xx — never a 5xx, a stack trace or a hang.
 */
class RequestFuzzTest {

    private static final List<String> SEEDS = List.of(
            "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"chat\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                    + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"chat\",\"n\":2,\"stop\":[\"x\"],\"seed\":3,\"temperature\":0.5,\"max_tokens\":5,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]}",
            "{\"model\":\"chat\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                    + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}}}],"
                    + "\"tool_choice\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"call f\"}]}",
            "{\"model\":\"chat\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\","
                    + "\"schema\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"json\"}]}",
            "{\"model\":\"embed\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\",\"dimensions\":8}");

    private static final String[] FRAGMENTS = {
        "null", "true", "-1", "0", "1e309", "9999999999999999999999", "\"\"", "\"\\u0000\"", "[]", "{}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "\"\\ud800\"", "\"ü\u2028\"",
        "{\"role\":\"tool\"}", "{\"type\":\"image_url\"}", "\"" + "y".repeat(5000) + "\"",
    };

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                server: { max_body_bytes: 32KiB }
                providers:
                  vllm: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: vllm, model: m }]
                  - name: embed
                    deployments: [{ provider: vllm, model: e }]
                """, GatewayFixture.simulator());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void mutatedBodiesNeverGetAServerError() {
        Random random = new Random(20261127);
        for (int i = 0; i < 400; i++) {
            String body = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            String path = body.contains("\"input\"") ? "/v1/embeddings" : "/v1/chat/completions";
            HttpResponse<String> response = fixture.post(path, body);
            assertAnswered(response, body);
        }
    }

    @Test
    void randomBytesNeverGetAServerError() {
        Random random = new Random(7);
        for (int i = 0; i < 150; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            String body = new String(bytes, StandardCharsets.ISO_8859_1);
            assertAnswered(fixture.post("/v1/chat/completions", body), body);
        }
    }

    private static void assertAnswered(HttpResponse<String> response, String body) {
        assertThat(response.statusCode()).as("body: %s%nanswer: %s", body, response.body()).isLessThan(500);
        if (response.statusCode() >= 400) {
            JsonNode error = parse(response.body()).get("error");
            assertThat(error).as(response.body()).isNotNull();
            assertThat(error.get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** One to three random edits: byte flips, cuts, insertions of JSON fragments, value swaps. */
    private static String mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 1 -> s.setLength(at);
                case 2 -> s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 3 -> {
                    int colon = s.indexOf(":", at);
                    if (colon > 0) {
                        int end = colon + 1;
                        while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                            end++;
                        }
                        s.replace(colon + 1, end, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                    }
                }
                case 4 -> s.deleteCharAt(at);
                default -> s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(20))));
            }
        }
        return s.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
