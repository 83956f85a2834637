package dev.switchboard.server.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.pipeline.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a response said about itself, gathered from its events as they pass to the client: the
 * response id and model (from the first event), the finish reasons, and — only when asked for, as
 * it costs a JSON parse per chunk — the answer text. Belongs to the request's thread.
 */
final class ResponseFacts {

    // a string value; chunks before the last carry "finish_reason":null
    private static final byte[] FINISH_REASON = "\"finish_reason\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINISH_REASON_SPACED = "\"finish_reason\": \"".getBytes(StandardCharsets.US_ASCII);

    private final boolean streaming;
    private final int maxTextChars;
    private StringBuilder text;
    private String id;
    private String model;
    private final List<String> finishReasons = new ArrayList<>(1);
    private long firstTokenNanos = -1;
    private boolean first = true;

    /** @param maxTextChars how much answer text to keep; 0 to keep none (and parse nothing past the first event) */
    ResponseFacts(boolean streaming, int maxTextChars) {
        this.streaming = streaming;
        this.maxTextChars = maxTextChars;
        this.text = maxTextChars > 0 ? new StringBuilder() : null;
    }

    /** Looks at one event on its way to the client. */
    void observe(Event event) {
        if (first) {
            first = false;
            ObjectNode json = event.json();
            id = text(json.get("id"));
            model = text(json.get("model"));
        }
        if (!streaming) {
            ObjectNode json = event.json(); // parsed already (by accounting), so this is free
            for (JsonNode choice : json.path("choices")) {
                addFinishReason(choice.get("finish_reason"));
            }
            if (text != null) {
                append(json.toString());
            }
            return;
        }
        if (text != null) {
            for (JsonNode choice : event.json().path("choices")) {
                JsonNode content = choice.path("delta").get("content");
                if (content != null && content.isTextual()) {
                    append(content.textValue());
                }
                addFinishReason(choice.get("finish_reason"));
            }
        } else if (contains(event.bytes(), FINISH_REASON) || contains(event.bytes(), FINISH_REASON_SPACED)) {
            for (JsonNode choice : event.json().path("choices")) {
                addFinishReason(choice.get("finish_reason"));
            }
        }
    }

    /** When the first event reached the client, in nanoseconds after the request arrived. */
    void firstToken(long nanosAfterArrival) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = nanosAfterArrival;
        }
    }

    String id() {
        return id;
    }

    String model() {
        return model;
    }

    List<String> finishReasons() {
        return List.copyOf(finishReasons);
    }

    /** The answer text (streams) or JSON (whole answers), cut at the limit; null when not kept. */
    String outputText() {
        return text == null ? null : text.toString();
    }

    /** Time to first token in nanoseconds, or -1 when no event reached the client. */
    long firstTokenNanos() {
        return firstTokenNanos;
    }

    private void append(String more) {
        int room = maxTextChars - text.length();
        if (room > 0) {
            text.append(more, 0, Math.min(room, more.length()));
        }
    }

    private void addFinishReason(JsonNode reason) {
        if (reason != null && reason.isTextual()) {
            finishReasons.add(reason.textValue());
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static boolean contains(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
