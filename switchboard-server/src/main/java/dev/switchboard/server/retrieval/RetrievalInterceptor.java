package dev.switchboard.server.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.memory.ContextBuilder;
import dev.switchboard.retrieval.memory.Session;
import dev.switchboard.retrieval.memory.SessionStore;
import dev.switchboard.retrieval.memory.Turn;
import dev.switchboard.retrieval.search.SearchMode;
import dev.switchboard.retrieval.store.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Grounded chat: a chat request with the extension {@code "switchboard": {"retrieval": {"collection",
 * "top_k"?, "mode"?, "filter"?, "max_context_tokens"?}, "session"?: id}} has the last user message
 * searched in the collection (with the caller's access), and gets a system message with the
 * session goal and the numbered sources, plus the session's latest turns, all within the token
 * budget ({@link ContextBuilder}). The answer carries {@code "switchboard": {"citations": [...]}}
 * (on its first event when streamed) — a field OpenAI clients ignore — and the model is told to
 * cite as {@code [1]}. With a session, the question and the answer are appended to it.
 *
 * <p>It sits before {@code consent}, which reads the rest of the extension: so the grounded prompt
 * passes the same consent and redaction as the user's own text. Thread-safe.
 */
public final class RetrievalInterceptor implements Interceptor {

    static final String EXTENSION = "switchboard";
    private static final Set<String> RETRIEVAL_FIELDS = Set.of("collection", "top_k", "mode", "filter", "max_context_tokens");
    /** Default token budget of goal, sources and turns. */
    static final int DEFAULT_CONTEXT_TOKENS = 2000;
    private static final int MAX_CONTEXT_TOKENS = 100_000;
    private static final int MIN_TURNS = 6;
    private static final int MAX_TURNS = 10;

    private final Retrieval retrieval;
    private final SessionStore sessions;

    public RetrievalInterceptor(Retrieval retrieval, SessionStore sessions) {
        this.retrieval = retrieval;
        this.sessions = sessions;
    }

    @Override
    public boolean passesThrough(Exchange exchange) {
        return exchange.operation() != Operation.CHAT_COMPLETIONS
                || !(exchange.body().get(EXTENSION) instanceof ObjectNode extension)
                || !extension.has("retrieval") && !extension.has("session");
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (passesThrough(exchange)) {
            return chain.proceed();
        }
        ObjectNode extension = (ObjectNode) exchange.body().get(EXTENSION);
        JsonNode request = extension.remove("retrieval");
        JsonNode sessionId = extension.remove("session");
        if (extension.isEmpty()) {
            exchange.body().remove(EXTENSION);
        }
        Caller caller = exchange.get(AuthInterceptor.CALLER);
        Session session = session(sessionId, caller);
        ArrayNode messages = (ArrayNode) exchange.body().get("messages");
        String question = lastUserText(messages);
        List<Hit> hits = List.of();
        int budget = DEFAULT_CONTEXT_TOKENS;
        if (request != null && !request.isNull()) {
            if (!request.isObject()) {
                throw Errors.badRequest("switchboard.retrieval", "'switchboard.retrieval' must be an object"
                        + " {\"collection\": \"...\", \"top_k\": 5}");
            }
            request.fieldNames().forEachRemaining(name -> {
                if (!RETRIEVAL_FIELDS.contains(name)) {
                    throw Errors.badRequest("switchboard.retrieval." + name, "unknown field 'switchboard.retrieval." + name
                            + "'; known fields: " + String.join(", ", RETRIEVAL_FIELDS.stream().sorted().toList()));
                }
            });
            if (!request.path("collection").isTextual()) {
                throw Errors.badRequest("switchboard.retrieval.collection", "'switchboard.retrieval.collection' must name a collection");
            }
            JsonNode max = request.get("max_context_tokens");
            if (max != null) {
                if (!max.canConvertToInt() || max.intValue() < 1 || max.intValue() > MAX_CONTEXT_TOKENS) {
                    throw Errors.badRequest("switchboard.retrieval.max_context_tokens",
                            "max_context_tokens must be between 1 and " + MAX_CONTEXT_TOKENS);
                }
                budget = max.intValue();
            }
            JsonNode topK = request.get("top_k");
            if (topK != null && !topK.isIntegralNumber()) {
                throw Errors.badRequest("switchboard.retrieval.top_k", "top_k must be a whole number");
            }
            if (question != null) {
                ObjectNode query = Json.object();
                query.put("query", question);
                query.put("top_k", topK != null ? topK.intValue() : 5);
                query.set("mode", request.has("mode") ? request.get("mode") : query.textNode(SearchMode.HYBRID.wireName()));
                if (request.has("filter")) {
                    query.set("filter", request.get("filter"));
                }
                hits = retrieval.search(request.get("collection").textValue(), RetrievalApi.query(query, caller));
            }
        }
        ContextBuilder.Context context = new ContextBuilder(budget, MIN_TURNS, MAX_TURNS)
                .build(session != null ? session.goal() : null, session != null ? session.turns() : List.of(), hits);
        rewrite(messages, context);
        Response response = chain.proceed();
        ObjectNode annotation = annotation(context.sources(), session);
        return response.withEvents(events -> new AnnotatingStream(events, annotation, session, question, sessions));
    }

    private Session session(JsonNode id, Caller caller) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual()) {
            throw Errors.badRequest("switchboard.session", "'switchboard.session' must be a session id");
        }
        return sessions.get(id.textValue()).filter(s -> caller == null || s.owner().equals(caller.id()))
                .orElseThrow(() -> new ApiException(new ApiError(404, "invalid_request_error", "session_not_found",
                        "switchboard.session", "session '" + id.textValue() + "' does not exist")));
    }

    /** The text of the last user message, or null. */
    static String lastUserText(ArrayNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                JsonNode content = message.get("content");
                if (content != null && content.isTextual()) {
                    return content.textValue();
                }
                if (content != null && content.isArray()) {
                    StringBuilder text = new StringBuilder();
                    content.forEach(part -> {
                        if ("text".equals(part.path("type").asText())) {
                            text.append(part.path("text").asText()).append('\n');
                        }
                    });
                    return text.isEmpty() ? null : text.toString().strip();
                }
                return null;
            }
        }
        return null;
    }

    /** Puts the context's system message after the client's leading system messages, then the kept turns. */
    private static void rewrite(ArrayNode messages, ContextBuilder.Context context) {
        int at = 0;
        while (at < messages.size() && Set.of("system", "developer").contains(messages.get(at).path("role").asText())) {
            at++;
        }
        List<ObjectNode> inserted = new ArrayList<>();
        if (!context.instructions().isEmpty()) {
            inserted.add(Json.object().put("role", "system").put("content", context.instructions()));
        }
        for (Turn turn : context.turns()) {
            inserted.add(Json.object().put("role", turn.role()).put("content", turn.content()));
        }
        for (int i = inserted.size() - 1; i >= 0; i--) {
            messages.insert(at, inserted.get(i));
        }
    }

    private static ObjectNode annotation(List<Hit> sources, Session session) {
        ObjectNode annotation = Json.object();
        ArrayNode citations = annotation.putArray("citations");
        for (int i = 0; i < sources.size(); i++) {
            Hit hit = sources.get(i);
            ObjectNode citation = citations.addObject();
            citation.put("index", i + 1);
            citation.put("marker", "[" + (i + 1) + "]");
            citation.put("id", hit.chunk().id());
            citation.put("document_id", hit.chunk().documentId());
            if (hit.title() != null) {
                citation.put("title", hit.title());
            }
            ArrayNode headings = citation.putArray("heading_path");
            hit.chunk().headingPath().forEach(headings::add);
            citation.put("text", hit.chunk().text());
            citation.put("score", hit.score());
        }
        if (session != null) {
            annotation.put("session", session.id());
        }
        return annotation;
    }

    /**
     * Adds the annotation to the first event and, with a session, gathers the answer's text to
     * append the exchange to the session at the stream's clean end.
     */
    private static final class AnnotatingStream implements EventStream {
        private final EventStream events;
        private final ObjectNode annotation;
        private final Session session;
        private final String question;
        private final SessionStore sessions;
        private final StringBuilder answer = new StringBuilder();
        private boolean first = true;
        private boolean recorded;

        AnnotatingStream(EventStream events, ObjectNode annotation, Session session, String question, SessionStore sessions) {
            this.events = events;
            this.annotation = annotation;
            this.session = session;
            this.question = question;
            this.sessions = sessions;
        }

        @Override
        public Event next() {
            Event event = events.next();
            if (event == null) {
                record(answer.toString());
                return null;
            }
            if (session != null) {
                JsonNode choice = event.json().path("choices").path(0);
                if (choice.has("message")) { // a whole completion: no end of stream will be read
                    record(choice.path("message").path("content").asText(""));
                } else if (choice.path("delta").path("content").isTextual()) {
                    answer.append(choice.path("delta").path("content").textValue());
                }
            }
            if (!first) {
                return event;
            }
            first = false;
            ObjectNode copy = event.json().deepCopy();
            copy.set(EXTENSION, annotation);
            return Event.ofJson(copy);
        }

        /** Appends the question and the answer to the session, once. */
        private void record(String text) {
            if (session != null && question != null && !recorded) {
                recorded = true;
                sessions.append(session.id(), List.of(new Turn("user", question), new Turn("assistant", text)));
            }
        }

        @Override
        public void close() {
            events.close();
        }
    }
}
