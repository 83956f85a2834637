package dev.switchboard.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.config.PrivacyConfig;
import dev.switchboard.core.config.TenantPrivacyConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.pipeline.RequestHeaders;
import dev.switchboard.core.pipeline.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Redact and restore in a pipeline whose last interceptor echoes the request it got. */
class PiiInterceptorTest {

    private static PrivacyConfig config(String policy, List<String> roles) {
        return new PrivacyConfig(policy, null, null, null, null, null, null, roles, null, null,
                Map.of("other", new TenantPrivacyConfig("off", null, null, null, null, null, null, null)), null);
    }

    /** Runs a chat request; the "upstream" answers with the text of the last user message it received. */
    private static Response run(PrivacyConfig config, Operation operation, String body, AtomicReference<JsonNode> seen) {
        PrivacyPolicies policies = PrivacyPolicies.from(config, new SecureRandom());
        Pipeline pipeline = Pipeline.builder()
                .add("restore", new RestoreInterceptor())
                .add("redact", new RedactInterceptor(policies, TestRecognizers.analyzer()))
                .add("upstream", chain -> {
                    seen.set(chain.exchange().body().deepCopy());
                    JsonNode messages = chain.exchange().body().path("messages");
                    String last = messages.isEmpty() ? "" : messages.get(messages.size() - 1).path("content").asText();
                    ObjectNode answer = Json.object();
                    answer.putArray("choices").addObject().putObject("message").put("content", "echo: " + last);
                    return Response.of(EventStream.of(List.of(Event.ofJson(answer))));
                })
                .build();
        Exchange exchange = new Exchange(operation, "req", RequestHeaders.of(Map.of()),
                body.getBytes(StandardCharsets.UTF_8), 0);
        return pipeline.execute(exchange);
    }

    private static String content(Response response) {
        return response.events().next().json().at("/choices/0/message/content").asText();
    }

    private static final String CHAT = """
            {"model":"m","messages":[
              {"role":"system","content":"Assist Alice Smith."},
              {"role":"user","content":[{"type":"text","text":"Mail bob@example.com"},{"type":"image_url","image_url":{"url":"x"}}]},
              {"role":"user","content":"Tell Alice Smith and Bob Jones hello."}]}""";

    @Test
    void pseudonymizeSendsPlaceholdersUpstreamAndRestoresTheAnswer() {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        Response response = run(config("pseudonymize", null), Operation.CHAT_COMPLETIONS, CHAT, seen);

        String upstream = seen.get().toString();
        assertThat(upstream).doesNotContain("Alice", "Bob", "bob@example.com")
                .contains("Assist <PERSON_1>.", "Mail <EMAIL_ADDRESS_1>", "Tell <PERSON_1> and <PERSON_2> hello.");
        assertThat(content(response)).isEqualTo("echo: Tell Alice Smith and Bob Jones hello.");
        assertThat(response.headers()).containsEntry("x-switchboard-pii", "PERSON=3,EMAIL_ADDRESS=1");
    }

    @Test
    void detectReportsFindingsAndChangesNothing() {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        Response response = run(config("detect", null), Operation.CHAT_COMPLETIONS, CHAT, seen);

        assertThat(seen.get().toString()).contains("Alice Smith", "bob@example.com");
        assertThat(response.headers()).containsEntry("x-switchboard-pii", "PERSON=3,EMAIL_ADDRESS=1");
    }

    @Test
    void redactReplacesWithTheOperatorAndOnlyInConfiguredRoles() {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        Response response = run(config("redact", List.of("user")), Operation.CHAT_COMPLETIONS, CHAT, seen);

        assertThat(seen.get().at("/messages/0/content").asText()).isEqualTo("Assist Alice Smith.");
        assertThat(seen.get().at("/messages/2/content").asText()).isEqualTo("Tell <PERSON> and <PERSON> hello.");
        assertThat(content(response)).as("nothing to restore").isEqualTo("echo: Tell <PERSON> and <PERSON> hello.");
    }

    @Test
    void offChangesNothingAndSendsNoHeader() {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        Response response = run(config("off", null), Operation.CHAT_COMPLETIONS, CHAT, seen);

        assertThat(seen.get().at("/messages/2/content").asText()).contains("Alice Smith");
        assertThat(response.headers()).doesNotContainKey("x-switchboard-pii");
    }

    @Test
    void embeddingsInputIsRedactedNotPseudonymized() throws IOException {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        run(config("pseudonymize", null), Operation.EMBEDDINGS,
                "{\"model\":\"e\",\"input\":[\"Alice Smith\",\"no one\",[1,2]]}", seen);

        assertThat(seen.get().get("input")).isEqualTo(Json.MAPPER.readTree("[\"<PERSON>\",\"no one\",[1,2]]"));
    }
}
