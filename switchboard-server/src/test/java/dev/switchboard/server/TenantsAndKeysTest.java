package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.assertError;
import static dev.switchboard.server.ErrorResponsesTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenants and virtual keys through the admin API, and what the keys may do. */
class TenantsAndKeysTest {

    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                  - name: chat-large
                    deployments: [{ provider: a, model: l }]
                  - name: embed
                    deployments: [{ provider: a, model: e }]
                """, GatewayFixture.simulator());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aKeyCreatedThroughTheAdminApiCallsModelsWithTheOpenAiSdk() {
        fixture.createTenant("{\"name\": \"acme\"}");
        String key = fixture.createKey("{\"tenant\": \"acme\", \"models\": [\"chat*\"]}");

        assertThat(key).matches("sk-sb-[A-Za-z0-9]{40}");
        String answer = fixture.client(key).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage("hi").build()).choices().get(0).message().content().orElseThrow();
        assertThat(answer).startsWith("[simulated]");
    }

    @Test
    void keysAreShownOnceAndNeverStoredOrListedInClear() throws IOException {
        fixture.createTenant("{\"name\": \"acme\"}");
        String key = fixture.createKey("{\"tenant\": \"acme\", \"name\": \"ci\"}");

        HttpResponse<String> list = fixture.admin("GET", "/admin/keys?tenant=acme", null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode listed = json(list).get("data").get(0);
        assertThat(listed.get("prefix").asText()).isEqualTo(key.substring(0, 12));
        assertThat(listed.has("key")).isFalse();
        assertThat(list.body()).doesNotContain(key);
        try (Stream<Path> files = Files.walk(fixture.dir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(key);
            }
        }
    }

    @Test
    void disabledExpiredOrUnknownKeysAndDisabledTenantsGet401() {
        fixture.createTenant("{\"name\": \"acme\"}");
        String key = fixture.createKey("{\"tenant\": \"acme\"}");
        String id = json(fixture.admin("GET", "/admin/keys", null)).get("data").get(0).get("id").asText();
        assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat"), key).statusCode()).isEqualTo(200);

        fixture.admin("PATCH", "/admin/keys/" + id, "{\"disabled\": true}");
        HttpResponse<String> disabled = fixture.post("/v1/chat/completions", CHAT.formatted("chat"), key);
        assertError(disabled, 401, "invalid_request_error", "invalid_api_key", null);
        assertThat(ErrorResponsesTest.message(disabled)).contains("disabled");

        fixture.admin("PATCH", "/admin/keys/" + id, "{\"disabled\": false, \"expires_at\": \"2001-01-01T00:00:00Z\"}");
        assertThat(ErrorResponsesTest.message(fixture.post("/v1/chat/completions", CHAT.formatted("chat"), key)))
                .contains("expired");

        fixture.admin("PATCH", "/admin/keys/" + id, "{\"expires_at\": null}");
        fixture.admin("PATCH", "/admin/tenants/acme", "{\"disabled\": true}");
        assertThat(ErrorResponsesTest.message(fixture.post("/v1/chat/completions", CHAT.formatted("chat"), key)))
                .contains("tenant");

        fixture.admin("PATCH", "/admin/tenants/acme", "{\"disabled\": false}");
        assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat"), key).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> fixture.client("sk-sb-" + "x".repeat(40)).models().list())
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void aModelOutsideTheKeysGlobsGets403() {
        fixture.createTenant("{\"name\": \"acme\"}");
        String key = fixture.createKey("{\"tenant\": \"acme\", \"models\": [\"chat\", \"emb?d\"]}");

        assertThat(fixture.post("/v1/chat/completions", CHAT.formatted("chat"), key).statusCode()).isEqualTo(200);
        assertThat(fixture.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"x\"}", key).statusCode()).isEqualTo(200);
        assertError(fixture.post("/v1/chat/completions", CHAT.formatted("chat-large"), key), 403, "permission_error",
                "model_not_allowed", "model");
        assertThatThrownBy(() -> fixture.client(key).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat-large").addUserMessage("hi").build())).isInstanceOf(PermissionDeniedException.class);
    }

    @Test
    void aKeyListsOnlyTheModelsItMayUse() {
        fixture.createTenant("{\"name\": \"acme\"}");
        String limited = fixture.createKey("{\"tenant\": \"acme\", \"models\": [\"chat*\"]}");
        String open = fixture.createKey("{\"tenant\": \"acme\"}");

        assertThat(fixture.client(limited).models().list().data()).extracting(m -> m.id())
                .containsExactlyInAnyOrder("chat", "chat-large");
        assertThat(fixture.client(open).models().list().data()).extracting(m -> m.id())
                .containsExactlyInAnyOrder("chat", "chat-large", "embed");
    }

    @Test
    void changingABudgetKeepsItsPeriod() {
        fixture.createTenant("{\"name\": \"acme\"}");
        String id = fixture.admin("POST", "/admin/keys", "{\"tenant\": \"acme\", \"budget_usd\": 5, \"budget_period\": \"day\"}")
                .body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");

        String updated = fixture.admin("PATCH", "/admin/keys/" + id, "{\"budget_usd\": 7}").body();

        assertThat(updated).contains("\"budget_period\":\"day\"");
    }

    @Test
    void theAdminApiTakesOnlyTheMasterKey() {
        fixture.createTenant("{\"name\": \"acme\"}");
        String key = fixture.createKey("{\"tenant\": \"acme\"}");

        HttpResponse<String> withTenantKey = fixture.send(java.net.http.HttpRequest.newBuilder(fixture.uri("/admin/tenants"))
                .header("authorization", "Bearer " + key).build());
        assertError(withTenantKey, 403, "permission_error", "admin_only", null);
        HttpResponse<String> withoutKey = fixture.send(java.net.http.HttpRequest.newBuilder(fixture.uri("/admin/tenants"))
                .build());
        assertError(withoutKey, 401, "invalid_request_error", "missing_api_key", null);
    }

    @Test
    void badAdminRequestsGetErrorsNamingTheField() {
        assertError(fixture.admin("POST", "/admin/tenants", "{\"name\": \"Acme Corp\"}"), 400, "invalid_request_error",
                null, "name");
        assertError(fixture.admin("POST", "/admin/tenants", "{\"name\": \"acme\", \"rpm\": -1}"), 400,
                "invalid_request_error", null, "rpm");
        assertError(fixture.admin("POST", "/admin/tenants", "{\"name\": \"acme\", \"rmp\": 5}"), 400,
                "invalid_request_error", null, "rmp");
        assertError(fixture.admin("POST", "/admin/tenants", "{\"name\": \"acme\", \"budget_period\": \"week\","
                + " \"budget_usd\": 5}"), 400, "invalid_request_error", null, "budget_period");
        assertError(fixture.admin("POST", "/admin/tenants", "not json"), 400, "invalid_request_error", "invalid_json", null);
        fixture.createTenant("{\"name\": \"acme\"}");
        assertError(fixture.admin("POST", "/admin/tenants", "{\"name\": \"acme\"}"), 409, "invalid_request_error",
                "already_exists", "name");
        assertError(fixture.admin("POST", "/admin/keys", "{\"tenant\": \"nobody\"}"), 404, "invalid_request_error",
                "not_found", null);
        assertError(fixture.admin("POST", "/admin/keys", "{\"tenant\": \"acme\", \"expires_in\": \"soon\"}"), 400,
                "invalid_request_error", null, "expires_in");
        assertError(fixture.admin("PATCH", "/admin/keys/key_missing", "{}"), 404, "invalid_request_error", "not_found",
                null);
    }
}
