package dev.switchboard.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the answer to a {@link ChatRequest}: deterministic from the messages, the request's
 * {@code seed} and the choice index, so the same request always gets the same answer and the
 * {@code n} choices of one request differ. Stateless and thread-safe.
 *
 * <p>Length: a text answer has {@code responseTokens} tokens; a JSON answer as many pieces as its
 * text needs. {@code max_tokens} cuts either (finish reason {@code length}, JSON then left
 * incomplete, as a model would); a stop sequence cuts the content before its first occurrence
 * (finish reason {@code stop}). Tool-call arguments are never cut.
 */
final class CompletionGenerator {

    /** Characters per piece when JSON text or tool arguments are streamed. */
    static final int JSON_PIECE_CHARS = 6;
    /** Characters per piece of an echoed answer: small, so that words are split between chunks. */
    static final int ECHO_PIECE_CHARS = 3;
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private CompletionGenerator() {
    }

    static Completion generate(ChatRequest request, SimulatorConfig config, String id, long created) {
        return generate(request, config, id, created, false);
    }

    /** @param invalid whether tool-call arguments and json_schema content break their schema on purpose */
    static Completion generate(ChatRequest request, SimulatorConfig config, String id, long created, boolean invalid) {
        long base = SimulatedText.mix(SimulatedText.fingerprint(request.messages())
                ^ SimulatedText.mix(request.seed() + GOLDEN_GAMMA));
        List<Completion.Choice> choices = new ArrayList<>(request.choices());
        for (int index = 0; index < request.choices(); index++) {
            long seed = SimulatedText.mix(base + index * GOLDEN_GAMMA);
            choices.add(request.tool() != null
                    ? toolCall(index, seed, request.tool(), config.echo() ? lastUserText(request) : null, invalid)
                    : content(index, seed, request, config, invalid));
        }
        int promptTokens = SimulatedText.promptTokens(request.messages());
        return new Completion(id, created, request.model(), choices, promptTokens,
                Math.min(promptTokens, config.cachedPromptTokens()), config.reasoningTokens());
    }

    private static Completion.Choice toolCall(int index, long seed, ChatRequest.ToolTarget tool, String echo,
                                              boolean invalid) {
        String arguments = Json.string(invalid ? SchemaInstance.invalid(tool.parameters())
                : echo != null ? SchemaInstance.of(tool.parameters(), echo) : SchemaInstance.of(tool.parameters()));
        String callId = "call_sim_" + Long.toHexString(seed);
        return new Completion.Choice(index, SimulatedText.split(arguments, JSON_PIECE_CHARS),
                new Completion.ToolCall(callId, tool.name(), arguments), "tool_calls");
    }

    private static Completion.Choice content(int index, long seed, ChatRequest request, SimulatorConfig config,
                                             boolean invalid) {
        List<String> pieces = switch (request.format()) {
            case TEXT -> config.echo()
                    ? SimulatedText.split(SimulatedText.LABEL + " " + lastUserText(request), ECHO_PIECE_CHARS)
                    : SimulatedText.tokens(seed, config.responseTokens());
            case JSON_OBJECT -> SimulatedText.split(jsonObjectText(seed, config), JSON_PIECE_CHARS);
            case JSON_SCHEMA -> SimulatedText.split(Json.string(invalid ? SchemaInstance.invalid(request.schema())
                    : SchemaInstance.of(request.schema())), JSON_PIECE_CHARS);
        };
        String finishReason = "stop";
        if (request.maxTokens() > 0 && request.maxTokens() < pieces.size()) {
            pieces = new ArrayList<>(pieces.subList(0, request.maxTokens()));
            finishReason = "length";
        }
        List<String> beforeStop = cutAtStop(pieces, request.stops());
        return beforeStop == null
                ? new Completion.Choice(index, pieces, null, finishReason)
                : new Completion.Choice(index, beforeStop, null, "stop");
    }

    /** The text of the last user message: its string content, or its text parts joined. */
    static String lastUserText(ChatRequest request) {
        String text = "";
        for (com.fasterxml.jackson.databind.JsonNode message : request.messages()) {
            if (!"user".equals(message.path("role").asText())) {
                continue;
            }
            com.fasterxml.jackson.databind.JsonNode content = message.path("content");
            if (content.isTextual()) {
                text = content.textValue();
            } else {
                StringBuilder parts = new StringBuilder();
                for (com.fasterxml.jackson.databind.JsonNode part : content) {
                    parts.append(part.path("text").asText(""));
                }
                text = parts.toString();
            }
        }
        return text;
    }

    private static String jsonObjectText(long seed, SimulatorConfig config) {
        ObjectNode object = Json.object();
        object.put("simulated", true);
        object.put("text", String.join("", SimulatedText.tokens(seed, config.responseTokens())));
        return Json.string(object);
    }

    /**
     * The pieces up to (not including) the earliest occurrence of any stop sequence in their text,
     * the last piece shortened where the stop begins inside it; null when no stop occurs.
     */
    static List<String> cutAtStop(List<String> pieces, List<String> stops) {
        if (stops.isEmpty()) {
            return null;
        }
        String text = String.join("", pieces);
        int cut = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut < 0) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        int start = 0;
        for (String piece : pieces) {
            if (start >= cut) {
                break;
            }
            kept.add(start + piece.length() <= cut ? piece : piece.substring(0, cut - start));
            start += piece.length();
        }
        return kept;
    }
}
