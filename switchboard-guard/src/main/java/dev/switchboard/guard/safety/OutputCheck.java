package dev.switchboard.guard.safety;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.GuardsConfig.Action;
import dev.switchboard.guard.moderation.ModerationCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The output guards of one answer (moderation and system-prompt leakage), fed the answer sentence by
 * sentence: {@link #check} says whether the next piece may go to the client. Moderation scores each
 * piece with the sentence before it as context; leakage counts the whole answer so far. Not
 * thread-safe: one per answer choice.
 */
final class OutputCheck {

    private final GuardPolicy policy;
    private final LeakageDetector leakage;
    private final GuardListener listener;
    private final String requestId;
    private final List<String> flagged = new ArrayList<>();
    private String previousSentence = "";

    /** @param systemPrompt the request's system prompt, for leakage; may be empty */
    OutputCheck(GuardPolicy policy, String systemPrompt, GuardListener listener, String requestId) {
        this.policy = policy;
        LeakageDetector detector = policy.leakage() != Action.OFF ? new LeakageDetector(systemPrompt) : null;
        this.leakage = detector != null && !detector.isEmpty() ? detector : null;
        this.listener = listener;
        this.requestId = requestId;
    }

    boolean active() {
        return policy.moderationOutput() != Action.OFF || leakage != null;
    }

    /**
     * Checks the next piece of the answer and, if it may be delivered, remembers it.
     *
     * @throws ApiException when a blocking guard fires: the piece must not be delivered
     */
    void check(String piece) {
        if (piece.isEmpty()) {
            return;
        }
        if (policy.moderationOutput() != Action.OFF) {
            List<ModerationCategory> categories;
            try {
                categories = policy.flagged(policy.moderationScorer().score(previousSentence + piece));
            } catch (GuardUnavailableException e) {
                listener.guardUnavailable(requestId, "moderation.output", policy.moderationFailClosed(), e.getMessage());
                if (policy.moderationFailClosed()) {
                    throw GuardErrors.unavailable("moderation");
                }
                categories = List.of();
            }
            if (!categories.isEmpty()) {
                String names = categories.stream().map(ModerationCategory::wireName).collect(Collectors.joining(","));
                if (policy.moderationOutput() == Action.BLOCK) {
                    listener.guardFired(requestId, "moderation.output", "block", names);
                    throw new ApiException(new ApiError(400, "invalid_request_error", "content_filter", null,
                            "The answer was stopped by the content filter (" + names + ")."));
                }
                note("moderation.output=" + names);
            }
        }
        if (leakage != null) {
            double score = leakage.peek(piece);
            if (score >= policy.leakageThreshold()) {
                if (policy.leakage() == Action.BLOCK) {
                    listener.guardFired(requestId, "leakage", "block", String.format(java.util.Locale.ROOT, "%.2f", score));
                    throw new ApiException(new ApiError(400, "invalid_request_error", "system_prompt_leak", null,
                            "The answer was stopped because it repeats the system prompt."));
                }
                note("leakage");
            }
            leakage.add(piece);
        }
        List<String> sentences = Sentences.split(piece);
        previousSentence = sentences.isEmpty() ? previousSentence : sentences.get(sentences.size() - 1);
    }

    /** What was flagged (not blocked) so far, for the header; empty when nothing. */
    List<String> flagged() {
        return flagged;
    }

    private void note(String what) {
        String guard = what.contains("=") ? what.substring(0, what.indexOf('=')) : what;
        if (flagged.stream().noneMatch(f -> f.startsWith(guard))) {
            flagged.add(what);
            listener.guardFired(requestId, guard, "flag", what.substring(guard.length()).replaceFirst("^=", ""));
        }
    }
}
