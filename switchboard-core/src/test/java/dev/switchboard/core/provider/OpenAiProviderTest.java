package dev.switchboard.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.config.TimeoutsConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.core.spi.UpstreamRequest;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.core.time.Watchdog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI provider over real HTTP, against a local server. */
class OpenAiProviderTest {

    private static final String ROLE = "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
    private static final String TOKEN = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}";
    private static final TimeoutsConfig GENEROUS = new TimeoutsConfig(
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);
    private static final TimeoutsConfig SHORT_FIRST_TOKEN = new TimeoutsConfig(
            Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ZERO);
    private static final TimeoutsConfig SHORT_IDLE = new TimeoutsConfig(
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ZERO);

    private StubServer server;
    private Watchdog watchdog;
    private UpstreamHttp http;
    private OpenAiProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = new StubServer();
        watchdog = new Watchdog(Ticker.system(), Duration.ofMillis(10));
        http = UpstreamHttp.create(watchdog);
        provider = new OpenAiProvider("vllm", server.url("/v1/"), "secret", Map.of("x-tenant", "blue"), true, http);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
        watchdog.close();
    }

    private static ObjectNode body() {
        ObjectNode body = Json.object();
        body.put("zeta", 1);
        body.put("model", "alias");
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        body.putObject("alpha").putArray("x").add(1).add(2);
        body.put("vendor_unknown_field", "kept");
        return body;
    }

    private static UpstreamRequest request(boolean stream, TimeoutsConfig timeouts) {
        return request(Operation.CHAT_COMPLETIONS, body(), stream, timeouts);
    }

    private static UpstreamRequest request(Operation operation, ObjectNode body, boolean stream,
                                           TimeoutsConfig timeouts) {
        return new UpstreamRequest(operation, "upstream-model", body, stream, "req-1", timeouts, Watchdog.NONE);
    }

    private static List<String> readAll(EventStream stream) {
        List<String> events = new ArrayList<>();
        for (Event e = stream.next(); e != null; e = stream.next()) {
            events.add(new String(e.bytes(), StandardCharsets.UTF_8));
        }
        return events;
    }

    private UpstreamException failureOf(UpstreamRequest request) {
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> {
            try (EventStream stream = provider.open(request)) {
                readAll(stream);
            }
        });
        assertThat(e).as("the upstream call fails").isNotNull();
        return e;
    }

    @Test
    void requestIdsSentUpstreamKeepOnlyVisibleAscii() {
        String id = "req-1_ok:/+=";
        assertThat(HttpProvider.visibleAscii(id)).isSameAs(id);
        assertThat(HttpProvider.visibleAscii("a b\r\nX-Evil: 1\u00e9z")).isEqualTo("abX-Evil:1z");
        assertThat(HttpProvider.visibleAscii(" ")).isEmpty();
    }

    @Test
    void requestGoesToChatCompletionsWithTheBearerKeyAndTheUpstreamModel() throws Exception {
        String answer = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}";
        server.handle(exchange -> StubServer.respond(exchange, 200, Map.of("content-type", "application/json"), answer));
        ObjectNode body = body();

        List<String> events;
        try (EventStream stream = provider.open(request(Operation.CHAT_COMPLETIONS, body, false, GENEROUS))) {
            events = readAll(stream);
        }

        StubServer.Recorded recorded = server.takeRequest();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.header("authorization")).isEqualTo("Bearer secret");
        assertThat(recorded.header("content-type")).startsWith("application/json");
        assertThat(recorded.header("x-request-id")).isEqualTo("req-1");
        assertThat(recorded.header("x-tenant")).isEqualTo("blue");
        assertThat(recorded.header("accept")).isNotEqualTo("text/event-stream");
        assertThat(recorded.body()).isEqualTo("{\"zeta\":1,\"model\":\"upstream-model\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"alpha\":{\"x\":[1,2]},\"vendor_unknown_field\":\"kept\"}");
        assertThat(body.get("model").asText()).as("the client's body is left alone").isEqualTo("alias");
        assertThat(events).containsExactly(answer);
    }

    @Test
    void embeddingsGoToEmbeddings() throws Exception {
        server.handle(exchange -> StubServer.respond(exchange, 200, Map.of(), "{\"data\":[]}"));
        ObjectNode body = Json.object().put("model", "e").put("input", "hello");

        try (EventStream stream = provider.open(request(Operation.EMBEDDINGS, body, false, GENEROUS))) {
            assertThat(readAll(stream)).containsExactly("{\"data\":[]}");
        }

        assertThat(server.takeRequest().path()).isEqualTo("/v1/embeddings");
    }

    @Test
    void providerWithoutAKeySendsNoAuthorization() throws Exception {
        server.handle(exchange -> StubServer.respond(exchange, 200, Map.of(), "{}"));
        OpenAiProvider keyless = new OpenAiProvider("ollama", server.url("/v1"), null, Map.of(), true, http);

        try (EventStream stream = keyless.open(request(false, GENEROUS))) {
            readAll(stream);
        }

        StubServer.Recorded recorded = server.takeRequest();
        assertThat(recorded.path()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.headers().containsKey("authorization")).isFalse();
    }

    @Test
    void bodyWithoutAModelGetsTheUpstreamModelLast() {
        ObjectNode body = Json.object().put("input", "x");

        assertThat(new String(RequestBodies.withModel(body, "m1", false), StandardCharsets.UTF_8))
                .isEqualTo("{\"input\":\"x\",\"model\":\"m1\"}");
    }

    @Test
    void streamsAskForUsageKeepingTheClientsOtherStreamOptions() {
        ObjectNode body = Json.object().put("model", "m").put("stream", true);
        body.putObject("stream_options").put("continuous_usage_stats", false);

        assertThat(new String(RequestBodies.withModel(body, "m1", true), StandardCharsets.UTF_8)).isEqualTo(
                "{\"model\":\"m1\",\"stream\":true,\"stream_options\":{\"continuous_usage_stats\":false,"
                        + "\"include_usage\":true}}");
        assertThat(new String(RequestBodies.withModel(Json.object().put("stream", true), "m1", true),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"stream\":true,\"model\":\"m1\",\"stream_options\":{\"include_usage\":true}}");
        assertThat(body.get("stream_options").has("include_usage")).as("the client's body is not changed").isFalse();
    }

    @Test
    void serverSentEventsAreParsedIntoChunksUntilDone() throws Exception {
        server.handle(exchange -> StubServer.events(exchange, ""
                + ": keep-alive comment\r\n"
                + "\r\n"
                + "event: chunk\r\n"
                + "id: 1\r\n"
                + "data: {\"choices\":[{\"index\":0,\r\n"
                + "data: \"delta\":{\"content\":\"Hel\"}}]}\r\n"
                + "\r\n"
                + "data:" + TOKEN + "\n"
                + "retry: 1000\n"
                + "\n"
                + "\n"
                + "data: [DONE]\n"
                + "\n"
                + "data: {\"after\":\"done\"}\n\n"));

        List<String> events;
        try (EventStream stream = provider.open(request(true, GENEROUS))) {
            events = readAll(stream);
            assertThat(stream.next()).as("after the end").isNull();
        }

        assertThat(events).containsExactly("{\"choices\":[{\"index\":0,\n\"delta\":{\"content\":\"Hel\"}}]}", TOKEN);
        assertThat(server.takeRequest().header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void streamThatEndsWithoutDoneIsBroken() {
        server.handle(exchange -> StubServer.events(exchange, "data: " + ROLE + "\n\ndata: " + TOKEN + "\n\n"));

        UpstreamException e = failureOf(request(true, GENEROUS));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.BROKEN);
        assertThat(e.getMessage()).isEqualTo("vllm/upstream-model: stream ended without [DONE]");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void errorEventInTheStreamFailsIt() {
        server.handle(exchange -> StubServer.events(exchange, "data: " + TOKEN + "\n\n"
                + "data: {\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}\n\n"
                + "data: [DONE]\n\n"));

        List<String> before = new ArrayList<>();
        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> {
            try (EventStream stream = provider.open(request(true, GENEROUS))) {
                for (Event event = stream.next(); event != null; event = stream.next()) {
                    before.add(event.toString());
                }
            }
        });

        assertThat(before).containsExactly(TOKEN);
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.BROKEN);
        assertThat(e.getMessage()).contains("model overloaded");
    }

    @Test
    void chunkWithANullErrorFieldIsNotAnError() throws Exception {
        String chunk = "{\"error\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}";
        server.handle(exchange -> StubServer.events(exchange, "data: " + chunk + "\n\ndata: [DONE]\n\n"));

        try (EventStream stream = provider.open(request(true, GENEROUS))) {
            assertThat(readAll(stream)).containsExactly(chunk);
        }
    }

    @Test
    void streamOfDataThatIsNotJsonFailsAsBrokenUpstream() {
        // A proxy's keep-alive or an upstream bug: not the OpenAI API, so a deployment failure.
        server.handle(exchange -> StubServer.events(exchange, "data: keep-alive\n\ndata: " + TOKEN + "\n\ndata: [DONE]\n\n"));

        Throwable thrown = catchThrowable(() -> {
            try (EventStream stream = provider.open(request(true, GENEROUS))) {
                readAll(stream);
            }
        });

        assertThat(thrown).isInstanceOf(UpstreamException.class);
        assertThat(((UpstreamException) thrown).kind()).isEqualTo(UpstreamException.Kind.BROKEN);
    }

    @Test
    void badRequestWithAnOpenAiErrorBodyIsPassedOnAndNotRetryable() {
        server.handle(exchange -> StubServer.respond(exchange, 400, Map.of("content-type", "application/json"),
                "{\"error\":{\"message\":\"temperature must be at most 2\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"temperature\",\"code\":\"invalid_value\"}}"));

        UpstreamException e = failureOf(request(false, GENEROUS));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.STATUS);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.retryable()).isFalse();
        assertThat(e.clientError()).isEqualTo(new ApiError(400, "invalid_request_error", "invalid_value",
                "temperature", "temperature must be at most 2"));
    }

    @Test
    void unprocessableRequestWithoutAnOpenAiBodyGetsAGenericClientError() {
        server.handle(exchange -> StubServer.respond(exchange, 422, Map.of(), "<html>nope</html>"));

        UpstreamException e = failureOf(request(false, GENEROUS));

        assertThat(e.retryable()).isFalse();
        assertThat(e.clientError()).isEqualTo(new ApiError(422, "invalid_request_error", null, null,
                "the upstream rejected the request"));
    }

    @Test
    void serviceUnavailableWithRetryAfterIsRetryableAndCarriesTheWait() {
        server.handle(exchange -> StubServer.respond(exchange, 503, Map.of("retry-after", "2"),
                "{\"error\":{\"message\":\"internal detail: pod vllm-7 OOM\"}}"));

        UpstreamException e = failureOf(request(false, GENEROUS));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.STATUS);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryable()).isTrue();
        assertThat(e.clientError()).isNull();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.getMessage()).isEqualTo("vllm/upstream-model: HTTP 503").doesNotContain("OOM");
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        server.handle(exchange -> StubServer.respond(exchange, 429,
                Map.of("retry-after", "7", "retry-after-ms", "1500"), ""));

        UpstreamException e = failureOf(request(false, GENEROUS));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void errorStatusOfAStreamingRequestIsReportedBeforeAnyEvent() {
        server.handle(exchange -> StubServer.respond(exchange, 500, Map.of(), "boom"));

        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> provider.open(request(true, GENEROUS)));

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void refusedConnectionIsAConnectFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiProvider nowhere = new OpenAiProvider("down", "http://127.0.0.1:" + closedPort + "/v1", "secret",
                Map.of(), true, http);

        UpstreamException e = catchThrowableOfType(UpstreamException.class,
                () -> nowhere.open(request(false, GENEROUS)));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.CONNECT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).startsWith("down/upstream-model: cannot connect").doesNotContain("secret");
    }

    @Test
    void serverSilentAfterItsHeadersTimesOutOnTheFirstToken() {
        server.handle(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            server.testOver.await(10, TimeUnit.SECONDS);
        });

        UpstreamException e = failureOf(request(true, SHORT_FIRST_TOKEN));

        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("no first token within 300ms");
    }

    @Test
    void firstTokenTimeoutHoldsUntilAChunkCarriesOutput() {
        server.handle(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(("data: " + ROLE + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            server.testOver.await(10, TimeUnit.SECONDS);
        });
        List<String> received = new ArrayList<>();

        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> {
            try (EventStream stream = provider.open(request(true, SHORT_FIRST_TOKEN))) {
                for (Event event = stream.next(); event != null; event = stream.next()) {
                    received.add(event.toString());
                }
            }
        });

        assertThat(received).containsExactly(ROLE);
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    }

    @Test
    void silenceBetweenEventsLongerThanTheIdleTimeoutFailsTheStream() {
        server.handle(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(("data: " + TOKEN + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            server.testOver.await(10, TimeUnit.SECONDS);
        });
        List<String> received = new ArrayList<>();

        UpstreamException e = catchThrowableOfType(UpstreamException.class, () -> {
            try (EventStream stream = provider.open(request(true, SHORT_IDLE))) {
                for (Event event = stream.next(); event != null; event = stream.next()) {
                    received.add(event.toString());
                }
            }
        });

        assertThat(received).containsExactly(TOKEN);
        assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("no event for 300ms");
    }

    @Test
    void closingTheStreamMidwayClosesTheUpstreamConnection() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        server.handle(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write(("data: " + TOKEN + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                for (int i = 0; i < 500 && server.testOver.getCount() > 0; i++) {
                    Thread.sleep(10);
                    out.write(": still generating\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                serverSawClose.countDown();
            }
        });

        EventStream stream = provider.open(request(true, GENEROUS));
        assertThat(stream.next().toString()).isEqualTo(TOKEN);
        stream.close();

        assertThat(serverSawClose.await(5, TimeUnit.SECONDS)).as("the server saw the connection close").isTrue();
    }

    @Test
    void retryAfterIsReadInSecondsMillisecondsOrAsADateCountedFromTheResponsesDate() {
        String date = "Wed, 21 Oct 2015 07:27:00 GMT";
        assertThat(UpstreamErrors.retryAfter("2", null, date)).isEqualTo(Duration.ofSeconds(2));
        assertThat(UpstreamErrors.retryAfter(" 1.5 ", null, date)).isEqualTo(Duration.ofMillis(1500));
        assertThat(UpstreamErrors.retryAfter("2", "250", date)).isEqualTo(Duration.ofMillis(250));
        assertThat(UpstreamErrors.retryAfter(null, "-5", date)).isEqualTo(Duration.ZERO);
        assertThat(UpstreamErrors.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", null, date)).isEqualTo(Duration.ofMinutes(1));
        assertThat(UpstreamErrors.retryAfter("Wed, 21 Oct 2015 07:26:00 GMT", null, date)).isEqualTo(Duration.ZERO);
        assertThat(UpstreamErrors.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", null, null))
                .as("a date without the response's Date cannot be placed").isNull();
        assertThat(UpstreamErrors.retryAfter("soon", null, date)).isNull();
        assertThat(UpstreamErrors.retryAfter(null, "later", date)).isNull();
        assertThat(UpstreamErrors.retryAfter(null, null, date)).isNull();
    }
}
