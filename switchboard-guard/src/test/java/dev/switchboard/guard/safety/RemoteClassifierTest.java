package dev.switchboard.guard.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.GuardsConfig;
import dev.switchboard.core.config.InjectionGuardConfig;
import dev.switchboard.core.config.RemoteClassifierConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.pipeline.RequestHeaders;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.guard.moderation.ModerationCategory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KServe v2 client against a tiny in-test HTTP server standing in for Triton (not a real Triton:
 * it answers the protocol's JSON shape with fixed scores).
 */
class RemoteClassifierTest {

    private HttpServer server;
    private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    private volatile String reply = "{\"outputs\":[{\"name\":\"probs\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[0.1,0.9]}]}";
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/models/", exchange -> {
            lastRequest.set(Json.parse(exchange.getRequestBody().readAllBytes()));
            byte[] body = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RemoteClassifierConfig remote(String failure) {
        return new RemoteClassifierConfig("http://127.0.0.1:" + server.getAddress().getPort(), "prompt-guard", null, null,
                Duration.ofSeconds(5), failure);
    }

    @Test
    void sendsTheTextAsABytesTensorAndReadsTheInjectionProbability() {
        RemoteClassifier classifier = new RemoteClassifier(remote("open"), HttpClient.newHttpClient());

        double score = classifier.score("hello there").score();

        assertThat(score).isEqualTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
        JsonNode input = lastRequest.get().at("/inputs/0");
        assertThat(input.path("name").asText()).isEqualTo("text");
        assertThat(input.path("datatype").asText()).isEqualTo("BYTES");
        assertThat(input.path("data").get(0).asText()).isEqualTo("hello there");
    }

    @Test
    void readsOneModerationScorePerCategory() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < ModerationCategory.all().size(); i++) {
            data.append(i == 0 ? "" : ",").append(i == ModerationCategory.HATE.ordinal() ? "0.8" : "0.01");
        }
        reply = "{\"outputs\":[{\"name\":\"scores\",\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";

        var scores = new RemoteClassifier(remote("open"), HttpClient.newHttpClient()).moderate("text");

        assertThat(scores.score(ModerationCategory.HATE)).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void answerOfTheWrongShapeIsAFailureNotAScore() {
        reply = "{\"outputs\":[{\"name\":\"x\",\"data\":[0.1,0.2,0.3]}]}";

        assertThatThrownBy(() -> new RemoteClassifier(remote("open"), HttpClient.newHttpClient()).score("t"))
                .isInstanceOf(GuardUnavailableException.class).hasMessageContaining("returned 3 values");
    }

    private Response run(RemoteClassifierConfig remote, List<String> unavailable) {
        GuardsConfig config = new GuardsConfig(new InjectionGuardConfig("block", null, null, remote), null, null, null);
        GuardListener listener = new GuardListener() {
            @Override
            public void guardUnavailable(String requestId, String guard, boolean failedClosed, String reason) {
                unavailable.add(guard + (failedClosed ? ":closed" : ":open"));
            }
        };
        Pipeline pipeline = Pipeline.builder()
                .add("guard", new GuardInterceptor(GuardPolicies.from(config, HttpClient.newHttpClient()), listener))
                .add("upstream", chain -> Response.of(EventStream.of(List.of(Event.ofJson(Json.object().put("ok", true))))))
                .build();
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        return pipeline.execute(new Exchange(Operation.CHAT_COMPLETIONS, "r", RequestHeaders.of(Map.of()),
                body.getBytes(StandardCharsets.UTF_8), 0));
    }

    @Test
    void remoteScoreAboveThresholdBlocksTheRequest() {
        assertThatThrownBy(() -> run(remote("open"), new ArrayList<>()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().code()).isEqualTo("prompt_injection"));
    }

    @Test
    void backendDownFailsOpenWhenThePolicySaysOpenAndIsReported() {
        status = 503;
        List<String> unavailable = new ArrayList<>();

        Response response = run(remote("open"), unavailable);

        assertThat(response.events().next().json().path("ok").asBoolean()).isTrue();
        assertThat(unavailable).containsExactly("injection:open");
    }

    @Test
    void backendDownFailsClosedWith503WhenThePolicySaysClosed() {
        server.stop(0);
        List<String> unavailable = new ArrayList<>();

        assertThatThrownBy(() -> run(remote("closed"), unavailable))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(503);
                    assertThat(e.error().code()).isEqualTo("guard_unavailable");
                });
        assertThat(unavailable).containsExactly("injection:closed");
    }
}
