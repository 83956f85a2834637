package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.json;
import static dev.switchboard.server.GatewayFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The consent vault through the real gateway, its consent store on SQLite (the default file in the
 * data directory) and on PostgreSQL: the admin API, and the OpenAI SDK's requests reaching the
 * simulator (in echo mode) with only what the subject consented to.
 */
class ConsentTest {

    /** Where the consent store lives. */
    enum Backend { SQLITE, POSTGRESQL }

    private static final String PROMPT = "Please mail Alice Smith at alice.smith@example.com or call 555-0100.";

    private Simulator upstream;
    private GatewayFixture fixture;
    private PostgresSchema schema;

    private void start(Backend backend) throws Exception {
        String store = "";
        if (backend == Backend.POSTGRESQL) {
            schema = new PostgresSchema();
            store = "  url: \"" + schema.url() + "\"\n  user: " + PostgresSchema.USER + "\n";
        }
        upstream = GatewayFixture.simulator(SimulatorConfig.builder().echo(true));
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                providers:
                  sim: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: sim, model: m }]
                privacy:
                  recognizers:
                    - { name: people, type: deny_list, entity: PERSON, words: [Alice Smith] }
                    - { name: email, type: regex, entity: EMAIL_ADDRESS, pattern: "[a-z.]+@[a-z]+\\\\.[a-z]+", score: 0.9 }
                    - { name: phone, type: regex, entity: PHONE_NUMBER, pattern: "555-[0-9]{4}", score: 0.9 }
                consent:
                  required_tenants: [acme]
                  prune_interval: 200ms
                  refresh_interval: 200ms
                  use_flush_interval: 50ms
                """ + store, upstream);
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private HttpResponse<String> grant(String json) {
        return fixture.admin("POST", "/admin/consent", json);
    }

    private void granted(String json) {
        HttpResponse<String> response = grant(json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private ChatCompletion chat(String subject, String purpose) {
        return fixture.client().chat().completions().create(ChatCompletionCreateParams.builder().model("chat")
                .addUserMessage(PROMPT).putAdditionalHeader("x-switchboard-subject", subject)
                .putAdditionalHeader("x-switchboard-purpose", purpose).build());
    }

    private String upstreamContent() {
        JsonNode messages = upstream.lastRequestBody().get("messages");
        return messages.get(messages.size() - 1).get("content").asText();
    }

    private HttpResponse<String> rawChat(String subject, String purpose, String key) {
        return fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .header("x-switchboard-subject", subject).header("x-switchboard-purpose", purpose)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void consentIsRecordedQueriedReplacedAndRevokedThroughTheAdminApi(Backend backend) throws Exception {
        start(backend);
        HttpResponse<String> first = grant("{\"subject\":\"subj-42\",\"purpose\":\"support\","
                + "\"fields\":[\"EMAIL_ADDRESS\",\"user\"],\"expires_in\":\"30d\",\"retention\":\"7d\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode consent = json(first);
        assertThat(consent.get("object").asText()).isEqualTo("consent");
        assertThat(consent.get("id").asText()).startsWith("con_");
        assertThat(consent.get("fields").toString()).isEqualTo("[\"EMAIL_ADDRESS\",\"user\"]");
        assertThat(consent.get("retention").asText()).isEqualTo("168h");
        assertThat(consent.get("active").asBoolean()).isTrue();

        JsonNode second = json(grant("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"*\"]}"));
        assertThat(second.get("replaced").toString()).isEqualTo("[\"" + consent.get("id").asText() + "\"]");

        JsonNode listed = json(fixture.admin("GET", "/admin/consent/subjects/subj-42", null));
        assertThat(listed.get("data")).hasSize(2);
        assertThat(listed.at("/data/0/active").asBoolean()).as("replaced").isFalse();
        assertThat(listed.at("/data/1/active").asBoolean()).isTrue();

        HttpResponse<String> revoked = fixture.admin("DELETE", "/admin/consent/subjects/subj-42/purposes/support", null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked).get("revoked_at").isNull()).isFalse();
        assertThat(json(revoked).get("active").asBoolean()).isFalse();
        assertThat(fixture.admin("DELETE", "/admin/consent/subjects/subj-42/purposes/support", null).statusCode())
                .as("nothing left to revoke").isEqualTo(404);
        assertThat(fixture.admin("GET", "/admin/consent/subjects/nobody", null).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRequestWithASubjectAndPurposeReachesTheModelWithOnlyConsentedFields(Backend backend) throws Exception {
        start(backend);
        granted("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"EMAIL_ADDRESS\"]}");

        ChatCompletion completion = chat("subj-42", "support");

        assertThat(upstreamContent()).isEqualTo(
                "Please mail <PERSON> at alice.smith@example.com or call <PHONE_NUMBER>.");
        assertThat(completion.choices().get(0).message().content()).hasValue(
                "[simulated] Please mail <PERSON> at alice.smith@example.com or call <PHONE_NUMBER>.");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theBodyExtensionNamesTheSubjectAndNeverReachesTheModel(Backend backend) throws Exception {
        start(backend);
        granted("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"PERSON\",\"PHONE_NUMBER\"]}");

        fixture.client().chat().completions().create(ChatCompletionCreateParams.builder().model("chat")
                .addUserMessage(PROMPT).user("end-user-9")
                .putAdditionalBodyProperty("switchboard", JsonValue.from(Map.of("subject", "subj-42", "purpose", "support")))
                .build());

        JsonNode seen = upstream.lastRequestBody();
        assertThat(seen.has("switchboard")).isFalse();
        assertThat(seen.has("user")).as("the named field 'user' was not consented to").isFalse();
        assertThat(upstreamContent()).isEqualTo("Please mail Alice Smith at <EMAIL_ADDRESS> or call 555-0100.");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withoutConsentForThePurposeTheRequestIsRefusedWith403ConsentRequired(Backend backend) throws Exception {
        start(backend);
        granted("{\"subject\":\"subj-42\",\"purpose\":\"marketing\",\"fields\":[\"*\"]}");

        assertThatThrownBy(() -> chat("subj-42", "support")).isInstanceOfSatisfying(PermissionDeniedException.class,
                e -> assertThat(e.statusCode()).isEqualTo(403));
        HttpResponse<String> raw = rawChat("subj-42", "support", GatewayFixture.KEY);
        assertThat(raw.statusCode()).isEqualTo(403);
        assertThat(json(raw).at("/error/code").asText()).isEqualTo("consent_required");
        assertThat(json(raw).at("/error/param").asText()).isEqualTo("x-switchboard-purpose");
        assertThat(json(raw).at("/error/type").asText()).isEqualTo("permission_error");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokedAndExpiredConsentAreRefused(Backend backend) throws Exception {
        start(backend);
        granted("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"*\"]}");
        granted("{\"subject\":\"subj-7\",\"purpose\":\"support\",\"fields\":[\"*\"],\"expires_in\":\"1s\"}");
        assertThat(rawChat("subj-42", "support", GatewayFixture.KEY).statusCode()).isEqualTo(200);
        assertThat(rawChat("subj-7", "support", GatewayFixture.KEY).statusCode()).isEqualTo(200);

        fixture.admin("DELETE", "/admin/consent/subjects/subj-42/purposes/support", null);

        assertThat(rawChat("subj-42", "support", GatewayFixture.KEY).statusCode()).as("revoked").isEqualTo(403);
        assertThat(eventually(Duration.ofSeconds(5), () -> rawChat("subj-7", "support", GatewayFixture.KEY)
                .statusCode() == 403)).as("expired").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void usesAreLoggedWithPurposeAndRetentionAndPrunedAfterIt(Backend backend) throws Exception {
        start(backend);
        granted("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"EMAIL_ADDRESS\"],\"retention\":\"3s\"}");
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + GatewayFixture.KEY).header("content-type", "application/json")
                .header("x-switchboard-subject", "subj-42").header("x-switchboard-purpose", "support")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"chat\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + PROMPT + "\"}]}")).build());
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        assertThat(eventually(Duration.ofSeconds(5), () -> uses("subj-42").size() == 1)).as("use logged").isTrue();
        JsonNode use = uses("subj-42").get(0);
        assertThat(use.get("request_id").asText()).isEqualTo(requestId);
        assertThat(use.get("purpose").asText()).isEqualTo("support");
        assertThat(use.get("fields_passed").toString()).isEqualTo("[\"EMAIL_ADDRESS\"]");
        assertThat(use.get("fields_redacted").toString()).isEqualTo("[\"PERSON\",\"PHONE_NUMBER\"]");
        assertThat(java.time.Duration.between(java.time.Instant.parse(use.get("at").asText()),
                java.time.Instant.parse(use.get("delete_after").asText()))).isEqualTo(Duration.ofSeconds(3));

        assertThat(eventually(Duration.ofSeconds(10), () -> uses("subj-42").isEmpty())).as("pruned").isTrue();
    }

    private List<JsonNode> uses(String subject) {
        HttpResponse<String> response = fixture.admin("GET", "/admin/consent/subjects/" + subject + "/uses", null);
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> uses = new java.util.ArrayList<>();
        json(response).get("data").forEach(uses::add);
        return uses;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void erasureRemovesTheSubjectsConsentDataAndCallsEveryRegisteredHook(Backend backend) throws Exception {
        start(backend);
        List<String> cacheErased = new CopyOnWriteArrayList<>();
        fixture.gateway.erasureHooks().register("cache", subject -> {
            cacheErased.add(subject);
            return 3;
        });
        fixture.gateway.erasureHooks().register("index", subject -> {
            throw new IllegalStateException("index offline");
        });
        granted("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"*\"]}");
        granted("{\"subject\":\"subj-7\",\"purpose\":\"support\",\"fields\":[\"*\"]}");
        chat("subj-42", "support");

        HttpResponse<String> erased = fixture.admin("POST", "/admin/consent/subjects/subj-42/erase", null);

        assertThat(erased.statusCode()).isEqualTo(200);
        JsonNode report = json(erased);
        assertThat(report.get("complete").asBoolean()).as("the index failed").isFalse();
        assertThat(report.at("/hooks/0/name").asText()).isEqualTo("consent");
        assertThat(report.at("/hooks/0/erased").asLong()).as("subject, consent and the queued use").isEqualTo(3);
        assertThat(report.at("/hooks/1/name").asText()).as("registered by the gateway").isEqualTo("retrieval");
        assertThat(report.at("/hooks/2/name").asText()).isEqualTo("cache");
        assertThat(report.at("/hooks/2/erased").asLong()).isEqualTo(3);
        assertThat(report.at("/hooks/3/error").asText()).isEqualTo("index offline");
        assertThat(cacheErased).containsExactly("subj-42");
        assertThat(fixture.admin("GET", "/admin/consent/subjects/subj-42", null).statusCode()).isEqualTo(404);
        assertThat(uses("subj-42")).isEmpty();
        assertThat(rawChat("subj-42", "support", GatewayFixture.KEY).statusCode()).isEqualTo(403);
        assertThat(rawChat("subj-7", "support", GatewayFixture.KEY).statusCode()).as("others untouched").isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SQLITE")
    void aTenantThatMustNameASubjectIsRefusedWithoutOneAndOthersPassUnchanged(Backend backend) throws Exception {
        start(backend);
        fixture.createTenant("{\"name\":\"acme\"}");
        fixture.createTenant("{\"name\":\"globex\"}");
        String acme = fixture.createKey("{\"tenant\":\"acme\"}");
        String globex = fixture.createKey("{\"tenant\":\"globex\"}");
        String body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";

        HttpResponse<String> refused = fixture.post("/v1/chat/completions", body, acme);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).at("/error/code").asText()).isEqualTo("consent_required");
        assertThat(json(refused).at("/error/param").asText()).isEqualTo("x-switchboard-subject");

        assertThat(fixture.post("/v1/chat/completions", body, globex).statusCode()).isEqualTo(200);
        assertThat(upstreamContent()).as("no subject: unchanged").isEqualTo(PROMPT);

        granted("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"PERSON\"]}");
        assertThat(rawChat("subj-42", "support", acme).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "SQLITE")
    void badGrantsAreRefusedNamingTheFieldAndTenantKeysCannotUseTheApi(Backend backend) throws Exception {
        start(backend);
        assertThat(json(grant("{\"subject\":\"subj-42\",\"purpose\":\"support\"}")).at("/error/param").asText())
                .isEqualTo("fields");
        assertThat(json(grant("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[\"email\"]}"))
                .at("/error/param").asText()).isEqualTo("fields");
        assertThat(json(grant("{\"subject\":\"subj-42\",\"purpose\":\"support\",\"fields\":[],\"retention\":\"soon\"}"))
                .at("/error/param").asText()).isEqualTo("retention");
        assertThat(json(grant("{\"subject\":\"subj-42\",\"purpose\":\"Support Team\",\"fields\":[]}"))
                .at("/error/param").asText()).isEqualTo("purpose");
        assertThat(json(grant("{\"purpose\":\"support\",\"fields\":[]}")).at("/error/param").asText())
                .isEqualTo("subject");
        HttpResponse<String> typo = grant("{\"subject\":\"s\",\"purpose\":\"support\",\"fields\":[],\"retain\":\"1d\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).at("/error/param").asText()).isEqualTo("retain");

        fixture.createTenant("{\"name\":\"globex\"}");
        String key = fixture.createKey("{\"tenant\":\"globex\"}");
        HttpResponse<String> forbidden = fixture.send(HttpRequest.newBuilder(fixture.uri("/admin/consent/subjects/s"))
                .header("authorization", "Bearer " + key).GET().build());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(json(forbidden).at("/error/code").asText()).isEqualTo("admin_only");
    }
}
