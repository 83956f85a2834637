package dev.switchboard.guard.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.config.GuardsConfig;
import dev.switchboard.core.config.ModerationGuardConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Sentence-at-a-time release of stream chunks, with a check that passes everything (moderation output flag). */
class GuardedStreamTest {

    private static final GuardPolicy FLAG_ONLY = GuardPolicy.from(
            new GuardsConfig(null, new ModerationGuardConfig(null, "flag", null, null, null), null, null),
            InjectionScorer.builtIn(), ModerationScorer.builtIn(), false, false);

    private static Event chunk(int index, String content, String finish) {
        ObjectNode json = Json.object().put("id", "c1");
        ObjectNode choice = json.putArray("choices").addObject().put("index", index);
        if (content != null) {
            choice.putObject("delta").put("content", content);
        }
        if (finish != null) {
            choice.put("finish_reason", finish);
        }
        return Event.ofJson(json);
    }

    /** The text received per choice, and the number of events. */
    private static Map<Integer, List<String>> read(List<Event> upstream) {
        GuardedStream stream = new GuardedStream(EventStream.of(upstream),
                () -> new OutputCheck(FLAG_ONLY, "", GuardListener.NONE, "r"));
        Map<Integer, List<String>> pieces = new TreeMap<>();
        for (Event event = stream.next(); event != null; event = stream.next()) {
            for (JsonNode choice : event.json().path("choices")) {
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual() && !content.textValue().isEmpty()) {
                    pieces.computeIfAbsent(choice.path("index").asInt(), k -> new ArrayList<>()).add(content.textValue());
                }
            }
        }
        return pieces;
    }

    @Test
    void textIsReleasedAtSentenceEndsAndTheRestWithTheFinishReason() {
        Map<Integer, List<String>> pieces = read(List.of(chunk(0, "Hello wor", null), chunk(0, "ld. How a", null),
                chunk(0, "re you?", null), chunk(0, null, "stop")));

        assertThat(pieces.get(0)).containsExactly("Hello world. ", "How are you?");
    }

    @Test
    void textStillHeldWhenTheUpstreamEndsWithoutFinishReasonIsSentInALastChunk() {
        Map<Integer, List<String>> pieces = read(List.of(chunk(0, "One. Two", null), chunk(0, " three", null)));

        assertThat(String.join("", pieces.get(0))).isEqualTo("One. Two three");
    }

    @Test
    void choicesAreHeldApart() {
        Map<Integer, List<String>> pieces = read(List.of(chunk(0, "First a. ", null), chunk(1, "Second b", null),
                chunk(0, "More", null), chunk(1, ". Done", null)));

        assertThat(String.join("", pieces.get(0))).isEqualTo("First a. More");
        assertThat(String.join("", pieces.get(1))).isEqualTo("Second b. Done");
    }

    @Test
    void textWithoutSentenceEndsIsReleasedAfterAtMostTheHoldLimit() {
        String word = "word ";
        List<Event> upstream = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            upstream.add(chunk(0, word, null));
        }

        Map<Integer, List<String>> pieces = read(upstream);

        assertThat(pieces.get(0).get(0).length()).isLessThanOrEqualTo(GuardedStream.MAX_HOLD_CHARS + word.length());
        assertThat(String.join("", pieces.get(0))).isEqualTo(word.repeat(200));
    }
}
