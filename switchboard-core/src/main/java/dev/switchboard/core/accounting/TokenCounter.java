package dev.switchboard.core.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens the way recent OpenAI models do ({@code o200k_base}), for estimates: the input of
 * a request before it is sent (TPM limits), and usage when an upstream reports none. Other model
 * families tokenize differently, so counts for them are approximate — which is why real usage from
 * the upstream always wins. Thread-safe; the encoding is loaded on first use.
 */
public final class TokenCounter {

    /** Overheads from OpenAI's published counting recipe for chat messages. */
    private static final int PER_MESSAGE = 3;
    private static final int PER_NAME = 1;
    private static final int REPLY_PRIMER = 3;
    /** What an image part costs at low detail; an estimate for any image. */
    private static final int PER_IMAGE = 85;

    private static final class Holder {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private TokenCounter() {
    }

    /** Tokens of a text. */
    public static int count(String text) {
        return text == null || text.isEmpty() ? 0 : Holder.ENCODING.countTokensOrdinary(text);
    }

    /** Estimated input tokens of a chat completion request: messages, names and declared tools. */
    public static long chatInput(ObjectNode body) {
        long tokens = REPLY_PRIMER;
        for (JsonNode message : body.path("messages")) {
            tokens += PER_MESSAGE;
            JsonNode content = message.get("content");
            if (content != null && content.isTextual()) {
                tokens += count(content.textValue());
            } else if (content != null && content.isArray()) {
                for (JsonNode part : content) {
                    tokens += part.path("text").isTextual() ? count(part.get("text").textValue()) : PER_IMAGE;
                }
            }
            if (message.path("name").isTextual()) {
                tokens += PER_NAME + count(message.get("name").textValue());
            }
            if (message.has("tool_calls")) {
                tokens += count(message.get("tool_calls").toString());
            }
        }
        if (body.has("tools")) {
            tokens += count(body.get("tools").toString());
        }
        return tokens;
    }

    /** Estimated input tokens of an embeddings request. */
    public static long embeddingsInput(ObjectNode body) {
        JsonNode input = body.path("input");
        if (input.isTextual()) {
            return count(input.textValue());
        }
        long tokens = 0;
        for (JsonNode item : input) {
            tokens += item.isTextual() ? count(item.textValue()) : item.isArray() ? item.size() : 1;
        }
        return tokens;
    }
}
