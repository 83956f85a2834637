package dev.switchboard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExchangeTest {

    private static Exchange exchange(String rawBody) {
        return new Exchange(Operation.CHAT_COMPLETIONS, "req-1", RequestHeaders.of(Map.of("x-a", "1")),
                rawBody.getBytes(StandardCharsets.UTF_8), 42);
    }

    private static ApiException rejectionOf(String rawBody) {
        Exchange exchange = exchange(rawBody); // does not parse yet
        ApiException e = catchThrowableOfType(ApiException.class, exchange::body);
        assertThat(e).as("rejection of %s", rawBody).isNotNull();
        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        assertThat(e.error().code()).isEqualTo("invalid_json");
        return e;
    }

    @Test
    void bodyIsParsedOnFirstUseOnly() {
        Exchange exchange = exchange("{\"model\":\"m\",\"messages\":[]}");

        ObjectNode body = exchange.body();

        assertThat(body.get("model").asText()).isEqualTo("m");
        assertThat(exchange.body()).isSameAs(body);
    }

    @Test
    void invalidJsonIsRejectedOnlyWhenTheBodyIsUsed() {
        Exchange exchange = exchange("{not json");

        assertThat(exchange.requestId()).isEqualTo("req-1");
        assertThat(exchange.header("x-a")).isEqualTo("1");
        assertThat(catchThrowableOfType(ApiException.class, exchange::body)).isNotNull();
    }

    @Test
    void invalidJsonIsA400WithLineAndColumn() {
        ApiException e = rejectionOf("{\n  \"model\": \"m\",\n  \"messages\": ]\n}");

        assertThat(e.error().message()).startsWith("We could not parse the JSON body of your request: ")
                .contains("(line 3, column 15)");
    }

    @Test
    void trailingGarbageIsRejected() {
        assertThat(rejectionOf("{\"model\":\"m\"} {\"model\":\"n\"}").error().message()).contains("line 1");
    }

    @ParameterizedTest(name = "{0} is not an object")
    @ValueSource(strings = {"[1, 2]", "\"model\"", "42", "null", "true"})
    void bodyThatIsNotAnObjectIsRejected(String body) {
        assertThat(rejectionOf(body).error().message()).contains("expected a JSON object");
    }

    @Test
    void emptyBodyIsRejected() {
        assertThat(rejectionOf("").error().message()).contains("the body is empty");
    }

    @Test
    void blankBodyIsRejected() {
        rejectionOf("  \n ");
    }

    @Test
    void requestedModelIsTheBodysModel() {
        assertThat(exchange("{\"model\":\"gpt-4o\"}").requestedModel()).isEqualTo("gpt-4o");
        assertThat(exchange("{\"messages\":[]}").requestedModel()).isNull();
        assertThat(exchange("{\"model\":7}").requestedModel()).isNull();
    }

    @Test
    void requestedModelOfAnInvalidBodyIsA400() {
        ApiException e = catchThrowableOfType(ApiException.class, exchange("{")::requestedModel);

        assertThat(e.error().code()).isEqualTo("invalid_json");
    }

    @Test
    void requestedModelSurvivesRewritesOfTheBody() {
        Exchange exchange = exchange("{\"model\":\"alias\"}");

        exchange.body().put("model", "rewritten");

        assertThat(exchange.requestedModel()).isEqualTo("alias");
    }

    @Test
    void requestedModelOfAnAlreadyParsedBody() {
        Exchange exchange = new Exchange(Operation.EMBEDDINGS, "r", name -> null, Json.object().put("model", "emb"), 7);

        assertThat(exchange.requestedModel()).isEqualTo("emb");
        assertThat(exchange.operation()).isEqualTo(Operation.EMBEDDINGS);
        assertThat(exchange.startNanos()).isEqualTo(7);
    }

    @Test
    void streamIsTrueOnlyWhenTheClientAskedForIt() {
        assertThat(exchange("{\"model\":\"m\",\"stream\":true}").stream()).isTrue();
        assertThat(exchange("{\"model\":\"m\",\"stream\":false}").stream()).isFalse();
        assertThat(exchange("{\"model\":\"m\"}").stream()).isFalse();
        assertThat(exchange("{\"model\":\"m\",\"stream\":null}").stream()).isFalse();
    }

    @Test
    void embeddingsNeverStream() {
        Exchange exchange = new Exchange(Operation.EMBEDDINGS, "r", name -> null,
                "{\"model\":\"e\",\"input\":\"x\",\"stream\":true}".getBytes(StandardCharsets.UTF_8), 0);

        assertThat(exchange.stream()).isFalse();
    }

    @Test
    void attributesAreKeptByIdentity() {
        Attribute<String> first = Attribute.named("same");
        Attribute<String> second = Attribute.named("same");
        Exchange exchange = exchange("{}");

        exchange.put(first, "one");

        assertThat(exchange.get(first)).isEqualTo("one");
        assertThat(exchange.get(second)).isNull();
        assertThat(first).hasToString("same");
    }

    @Test
    void operationsKnowTheirPathsAndSpanNames() {
        assertThat(Operation.CHAT_COMPLETIONS.path()).isEqualTo("/chat/completions");
        assertThat(Operation.CHAT_COMPLETIONS.spanName()).isEqualTo("chat");
        assertThat(Operation.EMBEDDINGS.path()).isEqualTo("/embeddings");
        assertThat(Operation.EMBEDDINGS.spanName()).isEqualTo("embeddings");
    }

    @Test
    void eventParsesItsBytesOnDemand() {
        Event event = Event.ofBytes("{\"id\":\"c1\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(event.json().get("id").asText()).isEqualTo("c1");
        assertThat(event.json()).isSameAs(event.json());
        assertThat(event).hasToString("{\"id\":\"c1\"}");
        assertThat(Event.ofJson(Json.object().put("a", 1)).bytes()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
    }

    @Test
    void eventOfSomethingOtherThanAnObjectFailsWhenParsed() {
        Event event = Event.ofBytes("[1]".getBytes(StandardCharsets.UTF_8));

        org.assertj.core.api.Assertions.assertThatThrownBy(event::json)
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("event is not a JSON object");
    }
}
