package dev.switchboard.server.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.store.Feedback;
import dev.switchboard.store.RequestLogEntry;
import java.time.InstantSource;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code POST /v1/feedback}: an application's verdict on an answer,
 * {@code {"request_id": "...", "accepted": true, "score": 0.8, "comment": "..."}}. The request
 * must be in the request log and the caller's own (the master key may rate any); a later verdict
 * on the same request replaces the earlier. Counted in {@code switchboard_feedback_total} and
 * stored for the usage report's acceptance rates. The comment is redacted of personal data.
 */
final class FeedbackApi {

    static final int MAX_COMMENT_CHARS = 2000;
    static final int MAX_REQUEST_ID_CHARS = 128;

    private final Observability observability;
    private final InstantSource clock;

    FeedbackApi(Observability observability, InstantSource clock) {
        this.observability = observability;
        this.clock = clock;
    }

    /**
     * Records the feedback in {@code body} from {@code caller}.
     *
     * @param models the models of the current config, which alone may be metric labels
     * @param redactor replaces personal data in the comment
     * @throws ApiException 400 naming the field that is wrong, 404 for a request not in the log
     */
    ObjectNode give(Caller caller, JsonNode body, Set<String> models, UnaryOperator<String> redactor) {
        if (!(body instanceof ObjectNode fields)) {
            throw Errors.invalidJson("expected a JSON object with request_id and accepted");
        }
        for (var names = fields.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("request_id", "accepted", "score", "comment").contains(name)) {
                throw Errors.badRequest(name, "unknown field '" + name
                        + "'; feedback has request_id, accepted, score and comment");
            }
        }
        JsonNode requestId = fields.get("request_id");
        if (requestId == null || !requestId.isTextual() || requestId.textValue().isBlank()) {
            throw Errors.badRequest("request_id", "'request_id' is required: the x-request-id of the answered request");
        }
        if (requestId.textValue().length() > MAX_REQUEST_ID_CHARS) {
            throw Errors.badRequest("request_id", "'request_id' is longer than " + MAX_REQUEST_ID_CHARS + " characters");
        }
        JsonNode accepted = fields.get("accepted");
        if (accepted == null || !accepted.isBoolean()) {
            throw Errors.badRequest("accepted", "'accepted' is required and must be true or false");
        }
        JsonNode score = fields.get("score");
        if (score != null && !score.isNull() && (!score.isNumber() || score.asDouble() < 0 || score.asDouble() > 1)) {
            throw Errors.badRequest("score", "'score' must be a number from 0 to 1");
        }
        JsonNode comment = fields.get("comment");
        if (comment != null && !comment.isNull() && !comment.isTextual()) {
            throw Errors.badRequest("comment", "'comment' must be a string");
        }
        if (comment != null && comment.isTextual() && comment.textValue().length() > MAX_COMMENT_CHARS) {
            throw Errors.badRequest("comment", "'comment' is longer than " + MAX_COMMENT_CHARS + " characters");
        }
        if (observability.requestLog() == null) {
            throw new ApiException(new ApiError(404, "invalid_request_error", "request_log_off", "request_id",
                    "Feedback needs the request log, which is turned off (observability.request_log.enabled)."));
        }
        RequestLogEntry entry = observability.requestLog().find(requestId.textValue())
                .filter(found -> caller.master() || caller.tenant() != null
                        && caller.tenant().id().equals(found.tenantId()))
                .orElseThrow(() -> new ApiException(new ApiError(404, "invalid_request_error", "request_not_found",
                        "request_id", "No request '" + requestId.textValue() + "' of yours is in the request log"
                        + " (it may be older than the log's retention).")));
        Double scoreValue = score == null || score.isNull() ? null : score.asDouble();
        String commentValue = comment == null || comment.isNull() ? null : redactor.apply(comment.textValue());
        Feedback feedback = new Feedback(entry.requestId(), entry.tenantId(), entry.tenant(),
                caller.key() != null ? caller.key().id() : null, entry.model(), entry.route(), accepted.booleanValue(),
                scoreValue, commentValue, clock.instant());
        observability.feedback().put(feedback);
        observability.feedbackGiven(entry.tenant() != null ? entry.tenant()
                        : entry.tenantId() == null ? GatewayMetrics.MASTER : GatewayMetrics.UNKNOWN,
                entry.model() != null && models.contains(entry.model()) ? entry.model() : GatewayMetrics.UNKNOWN,
                entry.route(), feedback.accepted());
        ObjectNode answer = Json.object();
        answer.put("object", "feedback");
        answer.put("request_id", feedback.requestId());
        answer.put("accepted", feedback.accepted());
        if (scoreValue != null) {
            answer.put("score", scoreValue);
        } else {
            answer.putNull("score");
        }
        answer.put("created_at", feedback.at().toString());
        return answer;
    }
}
