package dev.switchboard.guard.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.config.ConsentConfig;
import dev.switchboard.core.config.PrivacyConfig;
import dev.switchboard.core.consent.Consent;
import dev.switchboard.core.consent.ConsentBook;
import dev.switchboard.core.consent.ConsentSource;
import dev.switchboard.core.consent.ConsentUse;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.pipeline.RequestHeaders;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.tenancy.Tenant;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import dev.switchboard.guard.redact.PrivacyPolicies;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The consent check in a pipeline whose last interceptor keeps the request it got. */
class ConsentInterceptorTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final String PROMPT = "Mail Alice Smith at alice@example.com or call 555-0100.";

    private final List<ConsentUse> uses = new CopyOnWriteArrayList<>();
    private final AtomicReference<ObjectNode> seen = new AtomicReference<>();

    private static Recognizer regex(String type, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return new Recognizer() {
            @Override
            public String name() {
                return type.toLowerCase();
            }

            @Override
            public Set<String> entities() {
                return Set.of(type);
            }

            @Override
            public List<Finding> analyze(String text, Set<String> wanted) {
                return pattern.matcher(text).results().map(r -> new Finding(type, r.start(), r.end(), 0.9, name())).toList();
            }
        };
    }

    private static Consent consent(String purpose, Instant expiresAt, Instant revokedAt, String... fields) {
        return new Consent("con_1", "subj-42", purpose, Set.of(fields), NOW.minusSeconds(3600), expiresAt,
                Duration.ofDays(7), revokedAt);
    }

    private Response run(List<Consent> consents, ConsentConfig config, Map<String, String> headers, String body,
                         String tenant) {
        ConsentBook book = ConsentBook.of(new ConsentSource.Snapshot(1, consents));
        Analyzer analyzer = new Analyzer(List.of(regex("PERSON", "Alice Smith"),
                regex("EMAIL_ADDRESS", "[a-z]+@[a-z]+\\.[a-z]+"), regex("PHONE_NUMBER", "555-[0-9]{4}")));
        Pipeline pipeline = Pipeline.builder()
                .add("consent", new ConsentInterceptor(book, uses::add, analyzer,
                        PrivacyPolicies.from(PrivacyConfig.defaults(), new SecureRandom()), config, InstantSource.fixed(NOW)))
                .add("upstream", chain -> {
                    seen.set(chain.exchange().body().deepCopy());
                    return Response.of(EventStream.of(List.of(Event.ofJson(Json.object().put("ok", true)))));
                })
                .build();
        Exchange exchange = new Exchange(Operation.CHAT_COMPLETIONS, "req_1", RequestHeaders.of(headers),
                body.getBytes(StandardCharsets.UTF_8), 0);
        if (tenant != null) {
            Tenant t = new Tenant("ten_1", tenant, null, null, null, null, null, false, Map.of(), NOW, NOW);
            exchange.put(AuthInterceptor.CALLER, new Caller("key_1", false, null, t));
        }
        return pipeline.execute(exchange);
    }

    private Response run(List<Consent> consents, Map<String, String> headers, String body) {
        return run(consents, ConsentConfig.defaults(), headers, body, null);
    }

    private static String chat(String extra) {
        return "{\"model\":\"m\"" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
    }

    private static final Map<String, String> SUPPORT = Map.of("x-switchboard-subject", "subj-42",
            "x-switchboard-purpose", "support");

    private String upstreamContent() {
        return seen.get().at("/messages/0/content").asText();
    }

    @Test
    void onlyTheConsentedEntityTypesReachTheModel() {
        run(List.of(consent("support", null, null, "EMAIL_ADDRESS")), SUPPORT, chat(""));

        assertThat(upstreamContent()).isEqualTo("Mail <PERSON> at alice@example.com or call <PHONE_NUMBER>.");
    }

    @Test
    void theUseIsLoggedWithWhatPassedWhatWasRemovedAndWhenItIsDeleted() {
        run(List.of(consent("support", null, null, "EMAIL_ADDRESS", "user")), SUPPORT, chat(",\"user\":\"u-1\",\"metadata\":{\"a\":\"b\"}"));

        assertThat(uses).singleElement().satisfies(use -> {
            assertThat(use.id()).isEqualTo("use_req_1");
            assertThat(use.requestId()).isEqualTo("req_1");
            assertThat(use.subject()).isEqualTo("subj-42");
            assertThat(use.purpose()).isEqualTo("support");
            assertThat(use.consentId()).isEqualTo("con_1");
            assertThat(use.fieldsPassed()).containsExactly("EMAIL_ADDRESS", "user");
            assertThat(use.fieldsRedacted()).containsExactly("PERSON", "PHONE_NUMBER", "metadata");
            assertThat(use.at()).isEqualTo(NOW);
            assertThat(use.deleteAfter()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        });
        assertThat(seen.get().get("user").asText()).isEqualTo("u-1");
        assertThat(seen.get().has("metadata")).as("not consented to").isFalse();
    }

    @Test
    void consentToEverythingPassesTheTextUnchanged() {
        run(List.of(consent("support", null, null, "*")), SUPPORT, chat(""));

        assertThat(upstreamContent()).isEqualTo(PROMPT);
        assertThat(uses).singleElement().extracting(ConsentUse::fieldsPassed).isEqualTo(List.of("*"));
    }

    @Test
    void theBodyExtensionNamesTheSubjectAndIsRemovedBeforeTheRequestGoesOn() {
        run(List.of(consent("support", null, null, "PERSON")), Map.of(),
                chat(",\"switchboard\":{\"subject\":\"subj-42\",\"purpose\":\"support\"}"));

        assertThat(seen.get().has("switchboard")).isFalse();
        assertThat(upstreamContent()).isEqualTo("Mail Alice Smith at <EMAIL_ADDRESS> or call <PHONE_NUMBER>.");
    }

    @Test
    void noConsentForThePurposeIsRefusedWith403ConsentRequired() {
        assertThatThrownBy(() -> run(List.of(consent("marketing", null, null, "*")), SUPPORT, chat("")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(403);
                    assertThat(e.error().code()).isEqualTo("consent_required");
                    assertThat(e.error().param()).isEqualTo("x-switchboard-purpose");
                });
        assertThat(seen.get()).isNull();
        assertThat(uses).isEmpty();
    }

    @Test
    void expiredConsentIsRefused() {
        assertThatThrownBy(() -> run(List.of(consent("support", NOW, null, "*")), SUPPORT, chat("")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().code()).isEqualTo("consent_required"));
    }

    @Test
    void requestsWithoutASubjectPassUnchangedUnlessTheTenantMustNameOne() {
        run(List.of(), Map.of(), chat(",\"user\":\"u-1\""));
        assertThat(upstreamContent()).isEqualTo(PROMPT);
        assertThat(seen.get().get("user").asText()).isEqualTo("u-1");
        assertThat(uses).isEmpty();

        ConsentConfig strict = new ConsentConfig(null, null, null, List.of("acme"), null, null, null, null);
        run(List.of(), strict, Map.of(), chat(""), "globex");
        assertThatThrownBy(() -> run(List.of(), strict, Map.of(), chat(""), "acme"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(403);
                    assertThat(e.error().code()).isEqualTo("consent_required");
                    assertThat(e.error().param()).isEqualTo("x-switchboard-subject");
                });
    }

    @Test
    void aSubjectWithoutAPurposeOrAMalformedExtensionIsA400NamingTheField() {
        assertThatThrownBy(() -> run(List.of(), Map.of("x-switchboard-subject", "subj-42"), chat("")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(400);
                    assertThat(e.error().param()).isEqualTo("x-switchboard-purpose");
                });
        assertThatThrownBy(() -> run(List.of(), Map.of(), chat(",\"switchboard\":{\"subject\":7,\"purpose\":\"x\"}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().param()).isEqualTo("switchboard.subject"));
        assertThatThrownBy(() -> run(List.of(), Map.of(), chat(",\"switchboard\":{\"subjekt\":\"a\"}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().param()).isEqualTo("switchboard.subjekt"));
        assertThatThrownBy(() -> run(List.of(), SUPPORT, chat(",\"switchboard\":{\"subject\":\"other\",\"purpose\":\"support\"}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().param()).isEqualTo("x-switchboard-subject"));
    }

    @Test
    void anEmptyBodyExtensionIsJustRemoved() {
        JsonNode body;
        run(List.of(), Map.of(), chat(",\"switchboard\":{}"));
        body = seen.get();
        assertThat(body.has("switchboard")).isFalse();
    }
}
