package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.sim.Simulator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spans of real requests through a real gateway, read from an in-memory exporter. */
class TracingTest {

    private static final String FALLBACK = """
            auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
            privacy: { policy: redact }
            routing: { retries: 0, circuit_breaker: { failure_threshold: 0 } }
            providers:
              a: { type: openai, base_url: "${sim0}" }
              b: { type: openai, base_url: "${sim1}" }
            models:
              - name: chat
                deployments: [{ provider: a, model: small }]
                fallbacks: [chat-large]
              - name: chat-large
                deployments: [{ provider: b, model: large }]
            """;

    private static final String ONE_UPSTREAM = """
            auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
            providers:
              rec: { type: openai, base_url: "%s" }
            models:
              - name: chat
                deployments: [{ provider: rec, model: up }]
            """;

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String CLIENT_TRACEPARENT = "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01";

    @Test
    void aStreamedChatWithAFallbackIsOneTraceWithTheUsageOnTheAttemptThatAnswered() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        Simulator a = GatewayFixture.simulator();
        Simulator b = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.traced(spans, FALLBACK, a, b)) {
            fixture.createTenant("{\"name\": \"acme\"}");
            String key = fixture.createKey("{\"tenant\": \"acme\", \"rpm\": 100}");
            spans.reset(); // the admin calls' spans
            a.failNext(1, 503);

            StringBuilder answer = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = fixture.client(key).chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("chat").addUserMessage("Say hello")
                            .temperature(0.5).maxCompletionTokens(20).build())) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(
                        choice -> choice.delta().content().ifPresent(answer::append)));
            }
            assertThat(answer).isNotEmpty();

            SpanData server = awaitSpan(spans, "POST /v1/chat/completions");
            List<SpanData> all = spans.getFinishedSpanItems();
            assertThat(all).allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(server.getTraceId()));
            assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
            assertThat(server.getAttributes().get(AttributeKey.longKey("switchboard.attempts"))).isEqualTo(2L);
            assertThat(server.getEvents()).anySatisfy(event -> {
                assertThat(event.getName()).isEqualTo("switchboard.fallback");
                assertThat(event.getAttributes().get(AttributeKey.stringKey("switchboard.fallback.to")))
                        .isEqualTo("chat-large");
            });

            SpanData failed = span(all, "chat small").orElseThrow();
            assertThat(failed.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(failed.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
            assertThat(failed.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
            assertThat(failed.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo((long) a.port());

            SpanData answered = span(all, "chat large").orElseThrow();
            assertThat(answered.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(answered.getParentSpanId()).isEqualTo(server.getSpanId());
            assertThat(answered.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
            Map<AttributeKey<?>, Object> attributes = answered.getAttributes().asMap();
            assertThat(attributes).containsEntry(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
                    .containsEntry(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
                    .containsEntry(AttributeKey.stringKey("gen_ai.request.model"), "large")
                    .containsEntry(AttributeKey.booleanKey("gen_ai.request.stream"), true)
                    .containsEntry(AttributeKey.doubleKey("gen_ai.request.temperature"), 0.5)
                    .containsEntry(AttributeKey.longKey("gen_ai.request.max_tokens"), 20L)
                    .containsEntry(AttributeKey.stringKey("server.address"), "127.0.0.1")
                    .containsEntry(AttributeKey.longKey("server.port"), (long) b.port());
            assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))).isNotBlank();
            assertThat(answered.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
                    .containsExactly("stop");
            assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isPositive();
            assertThat(answered.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isPositive();
            assertThat(answered.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
                    .as("content is off by default").isNull();

            assertThat(all).filteredOn(span -> span.getName().startsWith("switchboard."))
                    .as("stages that worked on the request; not those that passed it through (no consent"
                            + " subject, no tools, no guards) nor in-memory bookkeeping")
                    .extracting(SpanData::getName).containsExactlyInAnyOrder("switchboard.limits", "switchboard.redact");
            assertThat(all).filteredOn(span -> span.getName().startsWith("switchboard."))
                    .allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(server.getSpanId()));
        }
    }

    @Test
    void theClientsTraceparentIsTheParentAndTheUpstreamJoinsTheTraceUnderItsAttempt() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (RecordingUpstream upstream = new RecordingUpstream();
             GatewayFixture fixture = GatewayFixture.traced(spans, ONE_UPSTREAM.formatted(upstream.baseUrl()))) {
            fixture.client().chat().completions().create(ChatCompletionCreateParams.builder().model("chat")
                    .addUserMessage("hi").putAdditionalHeader("traceparent", CLIENT_TRACEPARENT).build());

            SpanData server = awaitSpan(spans, "POST /v1/chat/completions");
            SpanData attempt = span(spans.getFinishedSpanItems(), "chat up").orElseThrow();
            assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
            assertThat(upstream.headers).hasSize(1);
            assertThat(upstream.headers.get(0)).containsEntry("traceparent",
                    "00-" + TRACE_ID + "-" + attempt.getSpanId() + "-01");
        }
    }

    @Test
    void withoutTracingTheClientsTraceparentGoesUpstreamUnchanged() {
        try (RecordingUpstream upstream = new RecordingUpstream();
             GatewayFixture fixture = GatewayFixture.start(ONE_UPSTREAM.formatted(upstream.baseUrl()))) {
            fixture.client().chat().completions().create(ChatCompletionCreateParams.builder().model("chat")
                    .addUserMessage("hi").putAdditionalHeader("traceparent", CLIENT_TRACEPARENT).build());

            assertThat(upstream.headers.get(0)).containsEntry("traceparent", CLIENT_TRACEPARENT);
        }
    }

    @Test
    void aMalformedTraceparentStartsANewTraceAndIsNotPassedOn() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (RecordingUpstream upstream = new RecordingUpstream();
             GatewayFixture fixture = GatewayFixture.traced(spans, ONE_UPSTREAM.formatted(upstream.baseUrl()))) {
            fixture.client().chat().completions().create(ChatCompletionCreateParams.builder().model("chat")
                    .addUserMessage("hi").putAdditionalHeader("traceparent", "00-not-a-trace-id-01; injected").build());

            SpanData server = awaitSpan(spans, "POST /v1/chat/completions");
            assertThat(server.getParentSpanContext().isValid()).isFalse();
            assertThat(upstream.headers.get(0).get("traceparent")).startsWith("00-" + server.getTraceId() + "-");
        }
    }

    @Test
    void capturedContentIsRedactedOfPersonalData() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        Simulator sim = GatewayFixture.simulator();
        try (GatewayFixture fixture = GatewayFixture.traced(spans, """
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                observability: { tracing: { capture_content: true } }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, sim)) {
            fixture.client().chat().completions().create(ChatCompletionCreateParams.builder().model("chat")
                    .addUserMessage("Write to jane.doe@example.com about the invoice").build());

            awaitSpan(spans, "POST /v1/chat/completions");
            SpanData attempt = span(spans.getFinishedSpanItems(), "chat m").orElseThrow();
            String input = attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"));
            assertThat(input).contains("invoice").contains("<EMAIL_ADDRESS>").doesNotContain("jane.doe@example.com");
            assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).isNotBlank();
        }
    }

    static SpanData awaitSpan(InMemorySpanExporter spans, String name) {
        assertThat(GatewayFixture.eventually(Duration.ofSeconds(5),
                () -> span(spans.getFinishedSpanItems(), name).isPresent())).as("span " + name).isTrue();
        return span(spans.getFinishedSpanItems(), name).orElseThrow();
    }

    private static Optional<SpanData> span(List<SpanData> spans, String name) {
        return spans.stream().filter(span -> span.getName().equals(name)).findFirst();
    }
}
