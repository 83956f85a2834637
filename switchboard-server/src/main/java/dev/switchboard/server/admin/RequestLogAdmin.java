package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.json.Json;
import dev.switchboard.store.RequestLogEntry;
import dev.switchboard.store.RequestLogQuery;
import dev.switchboard.store.RequestLogWriter;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The request log through the admin API: {@code GET /admin/requests?tenant=&from=&to=&since=&status=&limit=}
 * lists entries newest first; {@code GET /admin/requests/{id}} shows the newest entry whose
 * request id ({@code x-request-id}) is {@code id}, queued or stored.
 */
public final class RequestLogAdmin {

    private static final int DEFAULT_LIMIT = 100;

    private final RequestLogWriter log;
    private final dev.switchboard.store.RequestLogRepository repository;
    private final InstantSource clock;

    /** @param log the writer (null when the request log is off: every call then answers 404) */
    public RequestLogAdmin(RequestLogWriter log, dev.switchboard.store.RequestLogRepository repository,
                           InstantSource clock) {
        this.log = log;
        this.repository = repository;
        this.clock = clock;
    }

    /** Filters as request parameters; all optional. {@code status} is a code ({@code 429}) or a class ({@code 5xx}). */
    public record Params(String tenant, String from, String to, String since, String status, String limit) {
    }

    public ObjectNode list(Params params) {
        requireLog();
        Instant now = clock.instant();
        if (params.since() != null && params.from() != null) {
            throw Errors.badRequest("since", "give 'since' or 'from', not both");
        }
        Instant from = params.since() != null ? QueryTimes.since(params.since(), now) : QueryTimes.instant("from", params.from());
        Instant to = QueryTimes.instant("to", params.to());
        if (from != null && to != null && from.isAfter(to)) {
            throw Errors.badRequest("from", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        Integer status = null;
        Integer statusClass = null;
        if (params.status() != null) {
            String text = params.status().trim().toLowerCase(java.util.Locale.ROOT);
            if (text.matches("[1-5]xx")) {
                statusClass = text.charAt(0) - '0';
            } else if (text.matches("[1-5][0-9][0-9]")) {
                status = Integer.parseInt(text);
            } else {
                throw Errors.badRequest("status", "'status' must be an HTTP status (429) or a class (5xx), was '"
                        + params.status() + "'");
            }
        }
        int limit = DEFAULT_LIMIT;
        if (params.limit() != null) {
            try {
                limit = Integer.parseInt(params.limit().trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > RequestLogQuery.MAX_LIMIT) {
                throw Errors.badRequest("limit", "'limit' must be a whole number from 1 to " + RequestLogQuery.MAX_LIMIT);
            }
        }
        try {
            log.flush(); // what ended a moment ago is listed too
        } catch (RuntimeException e) {
            // the store is down: the query below says so
        }
        ArrayNode data = Json.array();
        for (RequestLogEntry entry : repository.list(new RequestLogQuery(params.tenant(), from, to, status, statusClass,
                limit))) {
            data.add(json(entry));
        }
        ObjectNode answer = Json.object();
        answer.put("object", "list");
        answer.set("data", data);
        return answer;
    }

    public ObjectNode get(String requestId) {
        requireLog();
        return log.find(requestId).map(RequestLogAdmin::json).orElseThrow(() -> new ApiException(new ApiError(404,
                "invalid_request_error", "request_not_found", "id", "No request '" + requestId
                + "' is in the request log (it may be older than the log's retention).")));
    }

    private void requireLog() {
        if (log == null) {
            throw new ApiException(new ApiError(404, "invalid_request_error", "request_log_off", null,
                    "The request log is turned off (observability.request_log.enabled)."));
        }
    }

    static ObjectNode json(RequestLogEntry e) {
        ObjectNode json = Json.object();
        json.put("object", "request");
        json.put("id", e.requestId());
        json.put("entry_id", e.id());
        json.put("at", e.at().toString());
        json.put("tenant", e.tenant());
        json.put("key_prefix", e.keyPrefix());
        json.put("route", e.route());
        json.put("model", e.model());
        json.put("deployment", e.deployment());
        json.put("attempts", e.attempts());
        json.put("status", e.status());
        json.put("error_type", e.errorType());
        json.put("latency_ms", e.latencyMicros() / 1000.0);
        if (e.ttftMicros() != null) {
            json.put("time_to_first_token_ms", e.ttftMicros() / 1000.0);
        } else {
            json.putNull("time_to_first_token_ms");
        }
        json.put("input_tokens", e.inputTokens());
        json.put("output_tokens", e.outputTokens());
        json.put("cost_usd", Admin.dollars(e.costNanos()));
        json.put("streamed", e.streamed());
        json.put("cache", e.cache());
        ArrayNode guards = json.putArray("guards");
        e.guards().forEach(guards::add);
        json.put("trace_id", e.traceId());
        if (e.requestBody() != null) {
            json.put("request_body", e.requestBody());
        }
        if (e.responseBody() != null) {
            json.put("response_body", e.responseBody());
        }
        return json;
    }

}
