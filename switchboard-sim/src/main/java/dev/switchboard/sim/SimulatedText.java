package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-text and the simulator's notion of a "token". Text always starts with the
 * token {@value #LABEL} so nobody mistakes it for a model's answer; every further token is a space
 * and a word from a small vocabulary. Stateless and thread-safe.
 */
final class SimulatedText {

    static final String LABEL = "[simulated]";

    private static final String[] WORDS = {
        "the", "switchboard", "simulator", "answers", "with", "placeholder", "text", "for",
        "tests", "and", "benchmarks", "no", "model", "was", "called", "this", "reply", "is",
        "generated", "from", "a", "seed", "tokens", "stream", "at", "configured", "pace",
        "gateway", "upstream", "request", "response", "latency", "alpha", "bravo", "charlie",
        "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike",
        "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor",
        "whiskey", "xray", "yankee", "zulu", "blue", "green", "quiet", "rapid", "steady", "simple",
    };

    private SimulatedText() {
    }

    /** {@code count} tokens of text drawn from {@code seed}: the label, then " word" tokens. */
    static List<String> tokens(long seed, int count) {
        List<String> tokens = new ArrayList<>(count);
        tokens.add(LABEL);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i < count; i++) {
            tokens.add(" " + WORDS[random.nextInt(WORDS.length)]);
        }
        return tokens;
    }

    /** Cuts {@code text} into pieces of about {@code size} chars, never inside a surrogate pair. */
    static List<String> split(String text, int size) {
        List<String> pieces = new ArrayList<>(text.length() / size + 1);
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + size, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end++;
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }

    /** A rough, deterministic token estimate: one token per four characters, at least one. */
    static int estimateTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    /**
     * Estimated prompt tokens of chat messages: four tokens of framing per message plus the text of
     * its content (a string, or the {@code text} of content parts).
     */
    static int promptTokens(JsonNode messages) {
        int total = 0;
        for (JsonNode message : messages) {
            total += 4;
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                total += estimateTokens(content.textValue());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    JsonNode text = part.path("text");
                    if (text.isTextual()) {
                        total += estimateTokens(text.textValue());
                    }
                }
            }
        }
        return total;
    }

    /** A 64-bit fingerprint of a JSON tree, stable across runs (unlike identity hash codes). */
    static long fingerprint(JsonNode node) {
        return mix(fold(0xcbf29ce484222325L, node));
    }

    /** A 64-bit fingerprint of a string, stable across runs. */
    static long fingerprint(String text) {
        return mix(foldChars(0xcbf29ce484222325L, text));
    }

    /** Stafford's variant 13 of the SplitMix64 finalizer: spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long fold(long hash, JsonNode node) {
        if (node.isObject()) {
            hash = step(hash, '{');
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                hash = fold(foldChars(hash, field.getKey()), field.getValue());
            }
            return step(hash, '}');
        }
        if (node.isArray()) {
            hash = step(hash, '[');
            for (JsonNode element : node) {
                hash = fold(hash, element);
            }
            return step(hash, ']');
        }
        return step(foldChars(hash, node.asText()), node.getNodeType().ordinal());
    }

    private static long foldChars(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash = step(hash, text.charAt(i));
        }
        return step(hash, 0);
    }

    /** One FNV-1a step. */
    private static long step(long hash, int value) {
        return (hash ^ value) * 0x100000001b3L;
    }
}
