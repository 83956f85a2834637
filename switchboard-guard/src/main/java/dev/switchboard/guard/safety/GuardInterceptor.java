package dev.switchboard.guard.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.config.GuardsConfig.Action;
import dev.switchboard.core.observe.GuardVerdicts;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.guard.injection.InjectionVerdict;
import dev.switchboard.guard.moderation.ModerationCategory;
import dev.switchboard.guard.moderation.ModerationScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The guards of a chat completion, under the caller's tenant's {@link GuardPolicy}.
 *
 * <p>On the way in: the text of messages of the policy's roles (user messages, and tool results —
 * indirect injection) is scored for prompt injection and, at or above the threshold, the request is
 * refused ({@code block}: 400 {@code prompt_injection} naming the message), the offending sentences
 * removed ({@code strip}) or the request marked ({@code flag}); user messages are scored for harmful
 * content ({@code moderation.input}: 400 {@code content_filter}, or flag).
 *
 * <p>On the way out ({@code moderation.output}, {@code leakage}): a whole answer is checked before
 * it is returned; a stream is checked sentence by sentence as it is produced ({@link GuardedStream})
 * and stopped with an error event before a blocked sentence reaches the client.
 *
 * <p>What was flagged is sent in the {@value #HEADER} header ({@code injection=0.97,
 * moderation.input=hate}; for streams only what the request showed, since the headers leave before
 * the answer) and reported to the {@link GuardListener}; never the text.
 */
public final class GuardInterceptor implements Interceptor {

    public static final String HEADER = "x-switchboard-guard";

    private final GuardPolicies policies;
    private final GuardListener events;

    public GuardInterceptor(GuardPolicies policies, GuardListener events) {
        this.policies = policies;
        this.events = events;
    }

    @Override
    public boolean passesThrough(Exchange exchange) {
        return exchange.operation() != Operation.CHAT_COMPLETIONS
                || !policies.forCaller(exchange.get(AuthInterceptor.CALLER)).active();
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (passesThrough(exchange)) {
            return chain.proceed();
        }
        GuardPolicy policy = policies.forCaller(exchange.get(AuthInterceptor.CALLER));
        GuardListener listener = recordingVerdicts(exchange, events);
        List<String> flagged = new ArrayList<>();
        JsonNode messages = exchange.body().get("messages");
        if (messages instanceof ArrayNode array) {
            if (policy.injection() != Action.OFF) {
                injection(array, policy, listener, exchange.requestId(), flagged);
            }
            if (policy.moderationInput() != Action.OFF) {
                moderation(array, policy, listener, exchange.requestId(), flagged);
            }
        }
        String systemPrompt = messages instanceof ArrayNode array ? systemPrompt(array) : "";
        OutputCheck probe = new OutputCheck(policy, systemPrompt, listener, exchange.requestId());
        Response response = chain.proceed();
        if (probe.active()) {
            if (exchange.stream()) {
                response = response.withEvents(events -> new GuardedStream(events,
                        () -> new OutputCheck(policy, systemPrompt, listener, exchange.requestId())));
            } else {
                response = checkWhole(response, probe, flagged);
            }
        }
        return flagged.isEmpty() ? response : response.withHeader(HEADER, String.join(", ", flagged));
    }

    private void injection(ArrayNode messages, GuardPolicy policy, GuardListener listener, String requestId,
                           List<String> flagged) {
        double[] highest = {-1};
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof ObjectNode message)
                    || !policy.injectionRoles().contains(message.path("role").asText(""))) {
                continue;
            }
            eachText(message, "messages[" + i + "]", (param, text) -> {
                InjectionVerdict verdict = injectionScore(policy, text, listener, requestId);
                if (verdict.score() < policy.injectionThreshold()) {
                    return null;
                }
                highest[0] = Math.max(highest[0], verdict.score());
                if (policy.injection() == Action.BLOCK) {
                    listener.guardFired(requestId, "injection", "block", score(verdict.score()) + " " + param);
                    throw GuardErrors.injection(param, verdict.score());
                }
                return policy.injection() == Action.STRIP ? strip(text, policy, listener, requestId) : null;
            });
        }
        if (highest[0] >= 0) {
            boolean stripped = policy.injection() == Action.STRIP;
            listener.guardFired(requestId, "injection", stripped ? "strip" : "flag", score(highest[0]));
            flagged.add("injection=" + (stripped ? "stripped" : score(highest[0])));
        }
    }

    /** Runs {@code check} over each text of a message (its string content, or each text part); a non-null result replaces the text. */
    private static void eachText(ObjectNode message, String path, BiFunction<String, String, String> check) {
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            String replaced = check.apply(path + ".content", content.textValue());
            if (replaced != null) {
                message.put("content", replaced);
            }
        } else if (content instanceof ArrayNode parts) {
            for (int p = 0; p < parts.size(); p++) {
                if (parts.get(p) instanceof ObjectNode part && "text".equals(part.path("type").asText())
                        && part.path("text").isTextual()) {
                    String replaced = check.apply(path + ".content[" + p + "].text", part.get("text").textValue());
                    if (replaced != null) {
                        part.put("text", replaced);
                    }
                }
            }
        }
    }

    private InjectionVerdict injectionScore(GuardPolicy policy, String text, GuardListener listener, String requestId) {
        try {
            return policy.injectionScorer().score(text);
        } catch (GuardUnavailableException e) {
            listener.guardUnavailable(requestId, "injection", policy.injectionFailClosed(), e.getMessage());
            if (policy.injectionFailClosed()) {
                throw GuardErrors.unavailable("injection");
            }
            return InjectionVerdict.clean();
        }
    }

    /** {@code text} without its sentences that score as injection on their own. */
    private String strip(String text, GuardPolicy policy, GuardListener listener, String requestId) {
        StringBuilder kept = new StringBuilder(text.length());
        for (String sentence : Sentences.split(text)) {
            if (injectionScore(policy, sentence, listener, requestId).score() < policy.injectionThreshold()) {
                kept.append(sentence);
            }
        }
        String result = kept.toString().strip();
        // the whole text may read as an injection without any one sentence doing so: then none of it is kept
        if (!result.isEmpty() && injectionScore(policy, result, listener, requestId).score() >= policy.injectionThreshold()) {
            result = "";
        }
        return result.isEmpty() ? "[removed by the prompt-injection guard]" : result;
    }

    private void moderation(ArrayNode messages, GuardPolicy policy, GuardListener listener, String requestId,
                            List<String> flagged) {
        ModerationScores highest = ModerationScores.none();
        for (int i = 0; i < messages.size(); i++) {
            if (!(messages.get(i) instanceof ObjectNode message) || !"user".equals(message.path("role").asText())) {
                continue;
            }
            ModerationScores[] scores = {ModerationScores.none()};
            eachText(message, "messages[" + i + "]", (param, text) -> {
                ModerationScores s;
                try {
                    s = policy.moderationScorer().score(text);
                } catch (GuardUnavailableException e) {
                    listener.guardUnavailable(requestId, "moderation.input", policy.moderationFailClosed(), e.getMessage());
                    if (policy.moderationFailClosed()) {
                        throw GuardErrors.unavailable("moderation");
                    }
                    return null;
                }
                List<ModerationCategory> categories = policy.flagged(s);
                if (!categories.isEmpty() && policy.moderationInput() == Action.BLOCK) {
                    String names = names(categories);
                    listener.guardFired(requestId, "moderation.input", "block", names);
                    throw GuardErrors.contentFilter(param, names);
                }
                scores[0] = scores[0].max(s);
                return null;
            });
            highest = highest.max(scores[0]);
        }
        List<ModerationCategory> categories = policy.flagged(highest);
        if (!categories.isEmpty()) {
            listener.guardFired(requestId, "moderation.input", "flag", names(categories));
            flagged.add("moderation.input=" + names(categories));
        }
    }

    /** Checks a whole (non-streamed) answer now, so that what it flags can go in the header. */
    private Response checkWhole(Response response, OutputCheck check, List<String> flagged) {
        EventStream events = response.events();
        Event event;
        try {
            event = events.next();
            if (event != null) {
                for (JsonNode choice : event.json().path("choices")) {
                    JsonNode content = choice.path("message").path("content");
                    if (content.isTextual()) {
                        check.check(content.textValue());
                    }
                }
            }
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        flagged.addAll(check.flagged());
        Event only = event;
        return response.withEvents(inner -> new EventStream() {
            private boolean sent;

            @Override
            public Event next() {
                if (!sent) {
                    sent = true;
                    if (only != null) {
                        return only;
                    }
                }
                return inner.next();
            }

            @Override
            public void close() {
                inner.close();
            }
        });
    }

    /** The text of the system (and developer) messages, joined by line breaks. */
    static String systemPrompt(ArrayNode messages) {
        StringBuilder prompt = new StringBuilder();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            if (!role.equals("system") && !role.equals("developer")) {
                continue;
            }
            JsonNode content = message.get("content");
            if (content != null && content.isTextual()) {
                prompt.append(content.textValue()).append('\n');
            } else if (content instanceof ArrayNode parts) {
                for (JsonNode part : parts) {
                    if (part.path("text").isTextual()) {
                        prompt.append(part.get("text").textValue()).append('\n');
                    }
                }
            }
        }
        return prompt.toString();
    }

    private static String names(List<ModerationCategory> categories) {
        return categories.stream().map(ModerationCategory::wireName).collect(Collectors.joining(","));
    }

    /**
     * {@code events}, also reporting each decision to the exchange's {@link GuardVerdicts}, where
     * observability counts them ({@code switchboard_guard_verdicts_total}) and logs them per request.
     */
    private static GuardListener recordingVerdicts(Exchange exchange, GuardListener events) {
        return new GuardListener() {
            @Override
            public void guardFired(String requestId, String guard, String action, String detail) {
                GuardVerdicts.record(exchange, guard, action);
                events.guardFired(requestId, guard, action, detail);
            }

            @Override
            public void guardUnavailable(String requestId, String guard, boolean failedClosed, String reason) {
                GuardVerdicts.record(exchange, guard, failedClosed ? "unavailable_closed" : "unavailable_open");
                events.guardUnavailable(requestId, guard, failedClosed, reason);
            }
        };
    }

    private static String score(double score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }
}
