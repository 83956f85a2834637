package dev.switchboard.core.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.spi.UpstreamException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLException;

/** Turns what an OpenAI-shaped upstream did wrong into {@link UpstreamException}s. */
final class UpstreamErrors {

    private static final int MAX_MESSAGE_CHARS = 500;

    private UpstreamErrors() {
    }

    /**
     * An upstream's error response. Statuses that blame the request itself (400, 413, 422) keep the
     * upstream's error for the client; every other status is the deployment's failure, described
     * without its body.
     */
    static UpstreamException fromStatus(String deployment, int status, String retryAfter, String retryAfterMs,
                                        String date, byte[] body) {
        Duration wait = retryAfter(retryAfter, retryAfterMs, date);
        if (status == 400 || status == 413 || status == 422) {
            return UpstreamException.status(status, wait, clientError(status, body),
                    deployment + ": HTTP " + status);
        }
        return UpstreamException.status(status, wait, null, deployment + ": HTTP " + status);
    }

    /** An I/O failure of a call the watchdog did or did not cancel. */
    static UpstreamException fromIo(String deployment, IOException e, boolean timedOut, String timeoutWhat) {
        if (timedOut) {
            return UpstreamException.timeout(deployment + ": " + timeoutWhat);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || e instanceof SSLException
                || (e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).toLowerCase().contains("connect"))) {
            return UpstreamException.connect(deployment + ": cannot connect (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
        }
        return UpstreamException.broken(deployment + ": connection broke (" + e.getClass().getSimpleName()
                + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
    }

    /** An {@code {"error": ...}} event in the middle of a stream. */
    static UpstreamException fromErrorEvent(String deployment, JsonNode error) {
        String message = error.path("message").asText(error.isTextual() ? error.asText() : "no message");
        return UpstreamException.broken(deployment + ": upstream sent an error event: " + truncate(message), null);
    }

    private static ApiError clientError(int status, byte[] body) {
        JsonNode error = null;
        try {
            error = Json.parse(body).get("error");
        } catch (IOException | RuntimeException ignored) {
            // not OpenAI's shape: describe it generically below
        }
        if (error == null || !error.isObject()) {
            String text = error != null && error.isTextual() ? error.asText() : "the upstream rejected the request";
            return new ApiError(status, "invalid_request_error", null, null, truncate(text));
        }
        return new ApiError(status,
                error.path("type").isTextual() ? error.get("type").asText() : "invalid_request_error",
                error.path("code").isTextual() ? error.get("code").asText() : null,
                error.path("param").isTextual() ? error.get("param").asText() : null,
                truncate(error.path("message").asText("the upstream rejected the request")));
    }

    /**
     * {@code retry-after-ms} (Azure, OpenAI) or {@code retry-after} in seconds or as an HTTP date;
     * a date counts from the response's own {@code Date}, so clock skew does not matter (without one,
     * a date is ignored).
     */
    static Duration retryAfter(String seconds, String millis, String date) {
        try {
            if (millis != null) {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.trim())));
            }
            if (seconds != null) {
                String s = seconds.trim();
                if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
                    return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(s) * 1000)));
                }
                if (date == null) {
                    return null;
                }
                ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
                ZonedDateTime sent = ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(sent, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            }
        } catch (NumberFormatException | DateTimeParseException ignored) {
            // an unreadable retry-after is no retry-after
        }
        return null;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
