package dev.switchboard.sim;

import static dev.switchboard.sim.TestHttp.eventually;
import static dev.switchboard.sim.TestHttp.json;
import static dev.switchboard.sim.TestHttp.openPost;
import static dev.switchboard.sim.TestHttp.post;
import static dev.switchboard.sim.TestHttp.readUntil;
import static dev.switchboard.sim.TestHttp.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void failNextAnswers429WithRetryAfterThenServesNormally() {
        sim = Simulator.start(SimulatorConfig.builder().retryAfter(Duration.ofMillis(1500)).build());
        sim.failNext(2, 429);

        HttpResponse<String> first = post(sim, "/chat/completions", CHAT);
        HttpResponse<String> second = post(sim, "/embeddings", "{\"input\":\"x\"}");
        HttpResponse<String> third = post(sim, "/chat/completions", CHAT);

        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("retry-after")).hasValue("2");
        JsonNode error = json(first.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).contains("switchboard simulator");
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(sim.stats().faultsInjected()).isEqualTo(2);
    }

    @Test
    void failNextWithA5xxAnswersServerErrorsInOrder() {
        sim = Simulator.start(SimulatorConfig.defaults());
        sim.failNext(1, 503);
        sim.failNext(1, 502);

        HttpResponse<String> first = post(sim, "/chat/completions", CHAT);
        HttpResponse<String> second = post(sim, "/chat/completions", CHAT);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(json(first.body()).path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(first.headers().firstValue("retry-after")).isEmpty();
        assertThat(second.statusCode()).isEqualTo(502);
    }

    @Test
    void rateOneFailsEveryRequestUntilReconfiguredToZero() {
        sim = Simulator.start(SimulatorConfig.builder().rate500(1.0).build());

        assertThat(IntStream.range(0, 3).map(i -> post(sim, "/chat/completions", CHAT).statusCode()))
                .containsOnly(500);
        sim.configure(sim.config().toBuilder().rate500(0).build());
        assertThat(post(sim, "/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void seededRatesInjectTheSameFaultsOnEveryRun() {
        SimulatorConfig config = SimulatorConfig.builder().rate429(0.5).seed(99).build();
        sim = Simulator.start(config);
        int[] firstRun = IntStream.range(0, 12).map(i -> post(sim, "/chat/completions", CHAT).statusCode()).toArray();
        sim.configure(config);
        int[] secondRun = IntStream.range(0, 12).map(i -> post(sim, "/chat/completions", CHAT).statusCode()).toArray();

        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(firstRun).contains(200, 429);
    }

    @Test
    void disconnectedStreamStopsHalfwayWithoutDoneOrTheEndOfTheChunkedBody() throws IOException {
        sim = Simulator.start(SimulatorConfig.builder().responseTokens(10).build());
        sim.disconnectNext(1);

        String received;
        try (Socket socket = openPost(sim, "/chat/completions", STREAM)) {
            received = readUntilClosed(socket);
        }

        assertThat(received).startsWith("HTTP/1.1 200");
        assertThat(received).contains("[simulated]");
        assertThat(received).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"stop");
        assertThat(received).doesNotContain("\r\n0\r\n\r\n");
        assertThat(received.split("\"content\":\"", -1).length - 1).isBetween(4, 7); // role + about half of 10
        assertThat(sim.stats().faultsInjected()).isEqualTo(1);
        assertThat(sim.stats().streamsCompleted()).isZero();
        try (Socket socket = openPost(sim, "/chat/completions", STREAM)) {
            assertThat(readUntil(socket, "\r\n0\r\n\r\n")).contains("data: [DONE]"); // a clean end, for contrast
        }
    }

    @Test
    void disconnectedStreamSurfacesAsAnErrorToAnHttpClient() {
        sim = Simulator.start(SimulatorConfig.defaults());
        sim.disconnectNext(1);

        assertThatThrownBy(() -> post(sim, "/chat/completions", STREAM)).hasRootCauseInstanceOf(IOException.class);
        assertThat(post(sim, "/chat/completions", STREAM).body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void disconnectNextLeavesNonStreamingRequestsAlone() {
        sim = Simulator.start(SimulatorConfig.defaults());
        sim.disconnectNext(1);

        assertThat(post(sim, "/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(sim.stats().faultsInjected()).isZero();
    }

    @Test
    void hungRequestIsNeverAnsweredAndTheNextRequestIsServed() {
        sim = Simulator.start(SimulatorConfig.defaults());
        sim.hangNext(1);

        HttpRequest hung = HttpRequest.newBuilder(TestHttp.uri(sim, "/chat/completions"))
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build();
        assertThatThrownBy(() -> TestHttp.CLIENT.send(hung, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(post(sim, "/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(sim.stats().faultsInjected()).isEqualTo(1);
    }

    @Test
    void closingTheSimulatorReleasesAHungRequest() throws Exception {
        sim = Simulator.start(SimulatorConfig.defaults());
        sim.hangNext(1);

        try (Socket socket = openPost(sim, "/embeddings", "{\"input\":\"x\"}")) {
            assertThat(eventually(() -> sim.stats().faultsInjected() == 1)).isTrue();
            sim.close();
            assertThat(readUntilClosed(socket)).isEmpty();
        }
    }

    @Test
    void clientClosingMidStreamIsCountedAsCancelled() throws Exception {
        sim = Simulator.start(SimulatorConfig.builder().responseTokens(1_000).tokensPerSecond(200).build());

        try (Socket socket = openPost(sim, "/chat/completions", STREAM)) {
            readUntil(socket, "[simulated]");
            socket.setSoLinger(true, 0); // reset at once, as a client that is killed would
        }

        assertThat(eventually(() -> sim.stats().streamsCancelled() == 1)).isTrue();
        assertThat(sim.stats().streamsStarted()).isEqualTo(1);
        assertThat(sim.stats().streamsCompleted()).isZero();
        assertThat(post(sim, "/chat/completions", "{\"max_tokens\":1," + CHAT.substring(1)).statusCode()).isEqualTo(200);
    }

    @Test
    void bodyOfAFaultedRequestIsStillRecorded() {
        sim = Simulator.start(SimulatorConfig.defaults());
        sim.failNext(1, 500);

        post(sim, "/chat/completions", "{\"attempt\":1," + CHAT.substring(1));

        assertThat(sim.lastRequestBody().path("attempt").asInt()).isEqualTo(1);
    }
}
