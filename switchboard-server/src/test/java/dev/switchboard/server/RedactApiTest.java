package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/redact}: answers, offsets in code points, permissions and errors. */
class RedactApiTest {

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                privacy:
                  max_text_chars: 200
                  operators:
                    EMAIL_ADDRESS: { type: mask, chars_to_mask: 5, from_end: true }
                  hash_salt: a-salt-of-sixteen-chars
                  recognizers:
                    - { name: people, type: deny_list, entity: PERSON, words: [Alice Smith, Bob] }
                    - { name: email, type: regex, entity: EMAIL_ADDRESS, pattern: "[a-z.]+@[a-z]+\\\\.[a-z]+" }
                """);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonNode ok(String body) {
        HttpResponse<String> response = fixture.post("/v1/redact", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ErrorResponsesTest.json(response);
    }

    private static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return ErrorResponsesTest.json(response).get("error");
    }

    @Test
    void redactsWithTheConfiguredOperatorsAndReportsCodePointOffsets() {
        JsonNode answer = ok("{\"text\": \"\uD83D\uDE00 Alice Smith: alice@example.com\", \"return_text\": true}");

        assertThat(answer.get("text").asText()).isEqualTo("\uD83D\uDE00 <PERSON>: alice@exampl*****");
        JsonNode person = answer.get("entities").get(0);
        assertThat(person.get("type").asText()).isEqualTo("PERSON");
        assertThat(person.get("start").asInt()).as("the emoji counts as one").isEqualTo(2);
        assertThat(person.get("end").asInt()).isEqualTo(13);
        assertThat(person.get("text").asText()).isEqualTo("Alice Smith");
        assertThat(person.get("score").asDouble()).isEqualTo(1.0);
        JsonNode email = answer.get("entities").get(1);
        assertThat(email.get("start").asInt()).isEqualTo(15);
        assertThat(email.get("end").asInt()).isEqualTo(32);
    }

    @Test
    void theCallerMayChooseEntitiesAndOperator() {
        JsonNode answer = ok("{\"text\": \"Bob: jim@example.com\", \"entities\": [\"PERSON\"], \"operator\": \"hash\"}");

        assertThat(answer.get("text").asText()).matches("[0-9a-f]{64}: jim@example.com");
        assertThat(answer.get("entities")).hasSize(1);
        assertThat(answer.get("entities").get(0).has("text")).as("not asked for").isFalse();

        JsonNode pseudonyms = ok("{\"text\": \"Bob, Alice Smith, Bob\", \"operator\": \"pseudonymize\"}");
        assertThat(pseudonyms.get("text").asText()).isEqualTo("<PERSON_1>, <PERSON_2>, <PERSON_1>");
        JsonNode masked = ok("{\"text\": \"Bob\", \"operator\": {\"type\": \"mask\", \"masking_char\": \"#\"}}");
        assertThat(masked.get("text").asText()).isEqualTo("###");
    }

    @Test
    void badInputGetsA400NamingTheField() {
        assertThat(error(fixture.post("/v1/redact", "{}"), 400).get("param").asText()).isEqualTo("text");
        JsonNode entity = error(fixture.post("/v1/redact", "{\"text\": \"x\", \"entities\": [\"PERSN\"]}"), 400);
        assertThat(entity.get("code").asText()).isEqualTo("unknown_entity");
        assertThat(entity.get("message").asText()).contains("PERSN", "EMAIL_ADDRESS", "PERSON", "US_SSN");
        JsonNode operator = error(fixture.post("/v1/redact", "{\"text\": \"x\", \"operator\": \"shred\"}"), 400);
        assertThat(operator.get("code").asText()).isEqualTo("unknown_operator");
        JsonNode tooLong = error(fixture.post("/v1/redact", "{\"text\": \"" + "a".repeat(201) + "\"}"), 400);
        assertThat(tooLong.get("code").asText()).isEqualTo("text_too_long");
        assertThat(tooLong.get("message").asText()).contains("201", "200");
        JsonNode unavailable = error(fixture.post("/v1/redact", "{\"text\": \"Bob\", \"operator\": \"encrypt\"}"), 400);
        assertThat(unavailable.get("code").asText()).isEqualTo("operator_unavailable");
        assertThat(error(fixture.post("/v1/redact", "not json"), 400).get("code").asText()).isEqualTo("invalid_json");
        assertThat(error(fixture.post("/v1/redact", "{\"text\": \"x\", \"language\": \"de\"}"), 400)
                .get("code").asText()).isEqualTo("unsupported_language");
    }

    @Test
    void foundTextIsReturnedOnlyToKeysAllowedToHaveIt() {
        fixture.createTenant("{\"name\": \"redactors\"}");
        String plain = fixture.createKey("{\"tenant\": \"redactors\"}");
        String trusted = fixture.createKey("{\"tenant\": \"redactors\", \"metadata\": {\"pii_return_text\": \"true\"}}");
        String body = "{\"text\": \"Bob\", \"return_text\": true}";

        assertThat(error(fixture.post("/v1/redact", body, plain), 403).get("code").asText())
                .isEqualTo("return_text_not_allowed");
        HttpResponse<String> allowed = fixture.post("/v1/redact", body, trusted);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(ErrorResponsesTest.json(allowed).at("/entities/0/text").asText()).isEqualTo("Bob");
        assertThat(fixture.post("/v1/redact", "{\"text\": \"Bob\"}", plain).statusCode()).isEqualTo(200);
    }

    @Test
    void callersNeedAKey() {
        assertThat(error(fixture.post("/v1/redact", "{\"text\": \"Bob\"}", "sk-wrong-key-0000000000"), 401)
                .get("code").asText()).isEqualTo("invalid_api_key");
    }
}
