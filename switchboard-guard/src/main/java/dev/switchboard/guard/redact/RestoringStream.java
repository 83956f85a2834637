package dev.switchboard.guard.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer's events with a vault's placeholders restored: {@code message.content} and tool-call
 * {@code arguments} of a whole answer; {@code delta.content} and tool-call argument deltas of a
 * stream, each choice and each tool call through its own {@link StreamingRestorer}. Text held back
 * because it may be the start of a placeholder is released in the choice's finishing chunk, or in
 * one added chunk if the stream ends first. Chunks that hold no {@code <} while nothing is held back
 * pass without being parsed.
 */
final class RestoringStream implements EventStream {

    private final EventStream upstream;
    private final PseudonymVault vault;
    private final boolean streaming;
    /** Restorers by choice index, then "c" for content or "t" + tool-call index. */
    private final Map<Integer, Map<String, StreamingRestorer>> restorers = new LinkedHashMap<>();
    private ObjectNode lastChunk;
    private boolean ended;

    RestoringStream(EventStream upstream, PseudonymVault vault, boolean streaming) {
        this.upstream = upstream;
        this.vault = vault;
        this.streaming = streaming;
    }

    @Override
    public Event next() {
        if (ended) {
            return null;
        }
        Event event = upstream.next();
        if (event == null) {
            ended = true;
            return releaseHeld();
        }
        if (!streaming) {
            return restoreAnswer(event);
        }
        if (!holding() && !mayHoldPlaceholder(event.bytes())) {
            return event;
        }
        return restoreChunk(event);
    }

    @Override
    public void close() {
        upstream.close();
    }

    private Event restoreAnswer(Event event) {
        ObjectNode answer = event.json().deepCopy();
        for (JsonNode choice : answer.path("choices")) {
            if (choice.path("message") instanceof ObjectNode message) {
                if (message.path("content").isTextual()) {
                    message.put("content", vault.restore(message.get("content").textValue()));
                }
                for (JsonNode call : message.path("tool_calls")) {
                    restoreArguments(call.path("function"));
                }
                restoreArguments(message.path("function_call"));
            }
        }
        return Event.ofJson(answer);
    }

    private void restoreArguments(JsonNode function) {
        if (function instanceof ObjectNode object && object.path("arguments").isTextual()) {
            object.put("arguments", vault.restore(object.get("arguments").textValue(), JsonEscape::escape));
        }
    }

    private Event restoreChunk(Event event) {
        ObjectNode chunk = event.json().deepCopy();
        lastChunk = chunk;
        for (JsonNode node : chunk.path("choices")) {
            if (!(node instanceof ObjectNode choice)) {
                continue;
            }
            int index = choice.path("index").asInt(0);
            Map<String, StreamingRestorer> ofChoice = restorers.computeIfAbsent(index, i -> new LinkedHashMap<>());
            ObjectNode delta = choice.path("delta") instanceof ObjectNode d ? d : choice.putObject("delta");
            if (delta.path("content").isTextual()) {
                StreamingRestorer content = ofChoice.computeIfAbsent("c", k -> new StreamingRestorer(vault));
                delta.put("content", content.push(delta.get("content").textValue()));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                if (call.path("function") instanceof ObjectNode function && function.path("arguments").isTextual()) {
                    StreamingRestorer arguments = ofChoice.computeIfAbsent("t" + call.path("index").asInt(0),
                            k -> new StreamingRestorer(vault, JsonEscape::escape));
                    function.put("arguments", arguments.push(function.get("arguments").textValue()));
                }
            }
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && !finish.isNull()) {
                release(ofChoice, delta);
            }
        }
        return Event.ofJson(chunk);
    }

    /** Appends each restorer's held text to the delta of its choice. */
    private static void release(Map<String, StreamingRestorer> ofChoice, ObjectNode delta) {
        ofChoice.forEach((key, restorer) -> {
            if (!restorer.holding()) {
                return;
            }
            String held = restorer.finish();
            if (key.equals("c")) {
                delta.put("content", delta.path("content").asText("") + held);
                return;
            }
            int toolIndex = Integer.parseInt(key.substring(1));
            ArrayNode calls = delta.path("tool_calls") instanceof ArrayNode a ? a : delta.putArray("tool_calls");
            ObjectNode call = null;
            for (JsonNode existing : calls) {
                if (existing.path("index").asInt(0) == toolIndex && existing instanceof ObjectNode object) {
                    call = object;
                }
            }
            if (call == null) {
                call = calls.addObject();
                call.put("index", toolIndex);
            }
            ObjectNode function = call.path("function") instanceof ObjectNode f ? f : call.putObject("function");
            function.put("arguments", function.path("arguments").asText("") + held);
        });
    }

    /** One chunk with the text still held back when the stream ended, or null when there is none. */
    private Event releaseHeld() {
        if (!holding()) {
            return null;
        }
        ObjectNode chunk = Json.object();
        for (String field : new String[] {"id", "object", "created", "model"}) {
            if (lastChunk != null && lastChunk.has(field)) {
                chunk.set(field, lastChunk.get(field));
            }
        }
        ArrayNode choices = chunk.putArray("choices");
        restorers.forEach((index, ofChoice) -> {
            if (ofChoice.values().stream().anyMatch(StreamingRestorer::holding)) {
                ObjectNode choice = choices.addObject();
                choice.put("index", index);
                release(ofChoice, choice.putObject("delta"));
                choice.putNull("finish_reason");
            }
        });
        return Event.ofJson(chunk);
    }

    private boolean holding() {
        for (Map<String, StreamingRestorer> ofChoice : restorers.values()) {
            for (StreamingRestorer restorer : ofChoice.values()) {
                if (restorer.holding()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the chunk has a {@code <}, as itself or escaped ({@code \u003c}). */
    static boolean mayHoldPlaceholder(byte[] json) {
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '<' || json[i] == '\\' && i + 5 < json.length && json[i + 1] == 'u' && json[i + 2] == '0'
                    && json[i + 3] == '0' && json[i + 4] == '3' && (json[i + 5] == 'c' || json[i + 5] == 'C')) {
                return true;
            }
        }
        return false;
    }
}
