package dev.switchboard.guard.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.pipeline.RequestHeaders;
import dev.switchboard.core.pipeline.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A pipeline of tools → structured → a scripted upstream that records every request it gets. */
final class ToolFixtures {

    final List<ObjectNode> requests = new ArrayList<>();
    /** Events the upstream has handed out so far, over every attempt. */
    int eventsRead;
    private final Deque<Function<ObjectNode, List<Event>>> answers = new ArrayDeque<>();
    private final Pipeline pipeline;

    ToolFixtures(ToolPolicy policy) {
        Pipeline rest = Pipeline.builder().add("upstream", chain -> answer(chain.exchange())).build();
        pipeline = Pipeline.builder()
                .add("tools", new ToolPolicyInterceptor(ToolPolicies.of(policy)))
                .add("structured", new StructuredOutputInterceptor(rest::execute))
                .add("upstream", chain -> answer(chain.exchange()))
                .build();
    }

    /** The next answer: a whole completion's JSON. */
    ToolFixtures thenAnswer(String completion) {
        answers.add(body -> List.of(Event.ofJson((ObjectNode) json(completion))));
        return this;
    }

    /** The next answer: stream chunks. */
    ToolFixtures thenStream(String... chunks) {
        answers.add(body -> {
            List<Event> events = new ArrayList<>();
            for (String chunk : chunks) {
                events.add(Event.ofJson((ObjectNode) json(chunk)));
            }
            return events;
        });
        return this;
    }

    /** The client's exchange of the last {@link #run}. */
    Exchange exchange;

    Response run(String body) {
        exchange = new Exchange(Operation.CHAT_COMPLETIONS, "req", RequestHeaders.of(Map.of()),
                body.replace('\'', '"').getBytes(StandardCharsets.UTF_8), 0);
        return pipeline.execute(exchange);
    }

    private Response answer(Exchange exchange) {
        requests.add(exchange.body().deepCopy());
        if (answers.isEmpty()) {
            throw new AssertionError("no answer scripted for request " + requests.size());
        }
        List<Event> events = answers.poll().apply(exchange.body());
        return Response.of(new EventStream() {
            private int next;

            @Override
            public Event next() {
                if (next >= events.size()) {
                    return null;
                }
                eventsRead++;
                return events.get(next++);
            }

            @Override
            public void close() {
                next = events.size();
            }
        });
    }

    static List<JsonNode> events(Response response) {
        List<JsonNode> all = new ArrayList<>();
        try (EventStream events = response.events()) {
            for (Event e = events.next(); e != null; e = events.next()) {
                all.add(e.json());
            }
        }
        return all;
    }

    /** JSON written with ' for " and ` for an escaped " inside strings. */
    static JsonNode json(String text) {
        try {
            return Json.parse(text.replace("`", "\\\"").replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A completion whose message content is {@code content} (JSON text, single quotes for double). */
    static String completion(String content, int promptTokens, int completionTokens) {
        ObjectNode answer = Json.object();
        ArrayNode choices = answer.putArray("choices");
        choices.addObject().put("index", 0).putObject("message").put("role", "assistant")
                .put("content", content.replace('\'', '"'));
        answer.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return Json.string(answer);
    }

    /** A completion calling {@code tool} with {@code arguments} (JSON text, single quotes for double). */
    static String toolCall(String tool, String arguments) {
        ObjectNode answer = Json.object();
        ObjectNode message = answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls")
                .putObject("message");
        message.put("role", "assistant").putNull("content");
        message.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function")
                .putObject("function").put("name", tool).put("arguments", arguments.replace('\'', '"'));
        return Json.string(answer);
    }
}
