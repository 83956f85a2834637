package dev.switchboard.guard.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A chat completion stream whose text is checked sentence by sentence before it reaches the client:
 * each choice's text is held back until a sentence ends (or {@value #MAX_HOLD_CHARS} chars are held,
 * then up to the last space), the finished part is checked ({@link OutputCheck}) and only then
 * released, in place of the content of the chunk that completed it. Chunks whose text is all held
 * back are skipped unless they carry something else (a role, tool calls, a finish reason, usage).
 * When a check blocks, the upstream is closed and {@link #next()} throws the check's
 * {@link dev.switchboard.core.api.ApiException}, which the server writes as the stream's error
 * event: the client never receives the blocked sentence, only the sentences before it.
 *
 * <p>Read by one thread, as every {@link EventStream}.
 */
final class GuardedStream implements EventStream {

    /** Most chars held back waiting for a sentence end. */
    static final int MAX_HOLD_CHARS = 400;

    private final EventStream upstream;
    private final Supplier<OutputCheck> checks;
    private final Map<Integer, Choice> choices = new HashMap<>();
    private ObjectNode lastChunk;
    private boolean ended;

    private static final class Choice {
        final OutputCheck check;
        final StringBuilder held = new StringBuilder();

        Choice(OutputCheck check) {
            this.check = check;
        }
    }

    /** @param checks a new check per choice of the answer */
    GuardedStream(EventStream upstream, Supplier<OutputCheck> checks) {
        this.upstream = upstream;
        this.checks = checks;
    }

    @Override
    public Event next() {
        if (ended) {
            return null;
        }
        while (true) {
            Event event;
            try {
                event = upstream.next();
            } catch (RuntimeException e) {
                upstream.close();
                throw e;
            }
            if (event == null) {
                ended = true;
                return flushAtEnd();
            }
            Event passed;
            try {
                passed = guard(event);
            } catch (RuntimeException blocked) {
                ended = true;
                upstream.close();
                throw blocked;
            }
            if (passed != null) {
                return passed;
            }
        }
    }

    /** The event to send for {@code event}, or null when it carried only held-back text. */
    private Event guard(Event event) {
        ObjectNode json = event.json();
        JsonNode choiceNodes = json.get("choices");
        if (!(choiceNodes instanceof ArrayNode array) || array.isEmpty()) {
            return event;
        }
        ObjectNode copy = null;
        boolean other = false;
        for (int i = 0; i < array.size(); i++) {
            JsonNode choiceNode = array.get(i);
            int index = choiceNode.path("index").asInt(i);
            JsonNode delta = choiceNode.path("delta");
            JsonNode content = delta.get("content");
            boolean finished = choiceNode.hasNonNull("finish_reason");
            other |= finished || delta.has("role") || delta.has("tool_calls") || delta.has("function_call")
                    || delta.has("refusal") && !delta.get("refusal").isNull();
            if ((content == null || !content.isTextual()) && !finished) {
                continue;
            }
            Choice choice = choices.computeIfAbsent(index, k -> new Choice(checks.get()));
            if (content != null && content.isTextual()) {
                choice.held.append(content.textValue());
            }
            int cut = finished ? choice.held.length() : releasable(choice.held);
            String released = cut > 0 ? choice.held.substring(0, cut) : "";
            choice.check.check(released);
            choice.held.delete(0, cut);
            if (copy == null) {
                copy = json.deepCopy();
                lastChunk = json;
            }
            if (content != null || !released.isEmpty()) {
                ObjectNode copiedChoice = (ObjectNode) copy.get("choices").get(i);
                JsonNode copiedDelta = copiedChoice.get("delta");
                (copiedDelta instanceof ObjectNode object ? object : copiedChoice.putObject("delta"))
                        .put("content", released);
            }
            other |= !released.isEmpty();
        }
        if (copy == null) {
            return event;
        }
        return other || json.has("usage") && !json.get("usage").isNull() ? Event.ofJson(copy) : null;
    }

    /** How much of the held text may be checked and released now. */
    private static int releasable(StringBuilder held) {
        int end = Sentences.lastEnd(held);
        if (end > 0) {
            return end;
        }
        if (held.length() >= MAX_HOLD_CHARS) {
            int space = held.lastIndexOf(" ");
            return space > 0 ? space + 1 : held.length();
        }
        return 0;
    }

    /** A last chunk with text still held back when the upstream ended without a finish reason; else null. */
    private Event flushAtEnd() {
        ObjectNode chunk = null;
        ArrayNode choiceNodes = null;
        for (Map.Entry<Integer, Choice> entry : choices.entrySet()) {
            Choice choice = entry.getValue();
            if (choice.held.isEmpty()) {
                continue;
            }
            String rest = choice.held.toString();
            choice.held.setLength(0);
            choice.check.check(rest);
            if (chunk == null) {
                chunk = lastChunk != null ? lastChunk.deepCopy() : dev.switchboard.core.json.Json.object();
                chunk.remove("usage");
                choiceNodes = chunk.putArray("choices");
            }
            ObjectNode choiceNode = choiceNodes.addObject();
            choiceNode.put("index", entry.getKey());
            choiceNode.putObject("delta").put("content", rest);
            choiceNode.putNull("finish_reason");
        }
        return chunk == null ? null : Event.ofJson(chunk);
    }

    @Override
    public void close() {
        upstream.close();
    }
}
