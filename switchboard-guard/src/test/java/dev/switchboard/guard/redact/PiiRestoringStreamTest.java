package dev.switchboard.guard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiRestoringStreamTest {

    private static PseudonymVault vault() {
        PseudonymVault vault = new PseudonymVault();
        vault.placeholder("PERSON", "Zoë \"Z\" Brown");
        return vault;
    }

    private static Event chunk(String json) {
        return Event.ofBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> drain(EventStream stream) {
        List<JsonNode> out = new ArrayList<>();
        for (Event e = stream.next(); e != null; e = stream.next()) {
            out.add(e.json());
        }
        return out;
    }

    @Test
    void contentSplitAcrossChunksIsRestoredAndHeldTextLeavesWithTheFinishingChunk() {
        EventStream upstream = EventStream.of(List.of(
                chunk("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi <PER\"}}]}"),
                chunk("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"SON_1>, bye <PER\"}}]}"),
                chunk("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")));

        List<JsonNode> chunks = drain(new RestoringStream(upstream, vault(), true));

        assertThat(chunks).extracting(c -> c.at("/choices/0/delta/content").asText(""))
                .containsExactly("Hi ", "Zoë \"Z\" Brown, bye ", "<PER");
        assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void chunksWithoutAPlaceholderPassUnparsed() {
        Event plain = chunk("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"nothing here\"}}]}");
        RestoringStream stream = new RestoringStream(EventStream.of(List.of(plain)), vault(), true);

        assertThat(stream.next()).isSameAs(plain);
        assertThat(stream.next()).isNull();
    }

    @Test
    void toolCallArgumentsAreRestoredAsJsonStringContent() {
        EventStream upstream = EventStream.of(List.of(
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"function\":"
                        + "{\"name\":\"f\",\"arguments\":\"{\\\"who\\\":\\\"<PERS\"}}]}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                        + "{\"arguments\":\"ON_1>\\\"}\"}}]}}]}"),
                chunk("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")));

        StringBuilder arguments = new StringBuilder();
        for (JsonNode c : drain(new RestoringStream(upstream, vault(), true))) {
            arguments.append(c.at("/choices/0/delta/tool_calls/0/function/arguments").asText(""));
        }
        assertThat(arguments.toString()).isEqualTo("{\"who\":\"Zoë \\\"Z\\\" Brown\"}");
    }

    @Test
    void textHeldWhenTheStreamEndsWithoutAFinishReasonComesInOneMoreChunk() {
        EventStream upstream = EventStream.of(List.of(
                chunk("{\"id\":\"c2\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x <PERSON\"}}]}")));

        List<JsonNode> chunks = drain(new RestoringStream(upstream, vault(), true));

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("<PERSON");
        assertThat(chunks.get(1).get("id").asText()).isEqualTo("c2");
    }

    @Test
    void aWholeAnswerHasItsContentAndToolArgumentsRestored() {
        Event answer = chunk("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"Dear <PERSON_1>\",\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{\\\"to\\\":\\\"<PERSON_1>\\\"}\"}}]}}]}");

        JsonNode restored = drain(new RestoringStream(EventStream.of(List.of(answer)), vault(), false)).get(0);

        assertThat(restored.at("/choices/0/message/content").asText()).isEqualTo("Dear Zoë \"Z\" Brown");
        assertThat(restored.at("/choices/0/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"to\":\"Zoë \\\"Z\\\" Brown\"}");
    }
}
