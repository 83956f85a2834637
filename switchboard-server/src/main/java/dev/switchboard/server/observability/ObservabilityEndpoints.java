package dev.switchboard.server.observability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.server.http.BodyReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.InstantSource;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The HTTP side of observability: {@code GET /metrics} (when metrics are on) and
 * {@code POST /v1/feedback}. Register before the OpenAI endpoints, whose catch-all answers 404.
 */
public final class ObservabilityEndpoints {

    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final System.Logger LOG = System.getLogger(ObservabilityEndpoints.class.getName());

    /** What the endpoints need of the current config version. */
    public interface Current {
        AuthInterceptor auth();

        /** The configured model names. */
        Set<String> models();

        /** Replaces personal data in stored text. */
        UnaryOperator<String> redactor();
    }

    private final Observability observability;
    private final Supplier<Current> current;
    private final FeedbackApi feedback;

    public ObservabilityEndpoints(Observability observability, Supplier<Current> current, InstantSource clock) {
        this.observability = observability;
        this.current = current;
        this.feedback = new FeedbackApi(observability, clock);
    }

    public void register(HttpRouting.Builder routing) {
        if (observability.metrics() != null) {
            MetricsEndpoint metrics = new MetricsEndpoint(observability.metrics());
            routing.get("/metrics", metrics::scrape);
        }
        routing.post("/v1/feedback", this::feedback);
    }

    private void feedback(ServerRequest req, ServerResponse res) {
        try {
            Current now = current.get();
            Caller caller = now.auth().authenticate(name -> req.headers().first(HeaderNames.create(name)).orElse(null));
            JsonNode body = body(req);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(Json.bytes(feedback.give(caller, body, now.models(), now.redactor())));
        } catch (ApiException e) {
            error(res, e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "feedback failed", e);
            error(res, new ApiException(new ApiError(500, "server_error", "internal_error", null,
                    "Internal error; it has been logged.")));
        }
    }

    private static JsonNode body(ServerRequest req) {
        return BodyReader.smallJson(req, MAX_BODY_BYTES, "{\"request_id\": ..., \"accepted\": true|false}");
    }

    private static void error(ServerResponse res, ApiException e) {
        res.status(Status.create(e.error().status()));
        e.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(e.error().toJson()));
    }
}
