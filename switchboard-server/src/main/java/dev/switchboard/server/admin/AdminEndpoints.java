package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The admin API under {@code /admin/}, for the master key only: tenants, keys, usage, the
 * request log ({@code /admin/requests}) and the consent vault ({@code /admin/consent}). Errors
 * are in OpenAI's shape, like everywhere else.
 */
public final class AdminEndpoints {

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final System.Logger LOG = System.getLogger(AdminEndpoints.class.getName());

    private final Admin admin;
    private final UsageReport usage;
    private final ConsentAdmin consent;
    private final RequestLogAdmin requests;
    private final Supplier<AuthInterceptor> auth;

    /** @param auth the current authenticator (it changes with the config) */
    public AdminEndpoints(Admin admin, UsageReport usage, ConsentAdmin consent, RequestLogAdmin requests,
                          Supplier<AuthInterceptor> auth) {
        this.admin = admin;
        this.usage = usage;
        this.consent = consent;
        this.requests = requests;
        this.auth = auth;
    }

    public void register(HttpRouting.Builder routing) {
        routing.post("/admin/tenants", (req, res) -> handle(req, res, 201, () -> admin.createTenant(body(req))))
                .get("/admin/tenants", (req, res) -> handle(req, res, 200, admin::tenants))
                .get("/admin/tenants/{name}", (req, res) -> handle(req, res, 200, () -> admin.tenant(param(req, "name"))))
                .patch("/admin/tenants/{name}", (req, res) -> handle(req, res, 200,
                        () -> admin.updateTenant(param(req, "name"), body(req))))
                .post("/admin/keys", (req, res) -> handle(req, res, 201, () -> admin.createKey(body(req))))
                .get("/admin/keys", (req, res) -> handle(req, res, 200,
                        () -> admin.keys(req.query().first("tenant").orElse(null))))
                .get("/admin/keys/{id}", (req, res) -> handle(req, res, 200, () -> admin.key(param(req, "id"))))
                .patch("/admin/keys/{id}", (req, res) -> handle(req, res, 200,
                        () -> admin.updateKey(param(req, "id"), body(req))))
                .get("/admin/usage", this::usage)
                .get("/admin/requests", (req, res) -> handle(req, res, 200, () -> requests.list(
                        new RequestLogAdmin.Params(query(req, "tenant"), query(req, "from"), query(req, "to"),
                                query(req, "since"), query(req, "status"), query(req, "limit")))))
                .get("/admin/requests/{id}", (req, res) -> handle(req, res, 200, () -> requests.get(param(req, "id"))))
                .post("/admin/consent", (req, res) -> handle(req, res, 201, () -> consent.grant(body(req))))
                .get("/admin/consent/subjects/{subject}", (req, res) -> handle(req, res, 200,
                        () -> consent.consents(param(req, "subject"))))
                .get("/admin/consent/subjects/{subject}/uses", (req, res) -> handle(req, res, 200,
                        () -> consent.uses(param(req, "subject"))))
                .delete("/admin/consent/subjects/{subject}/purposes/{purpose}", (req, res) -> handle(req, res, 200,
                        () -> consent.revoke(param(req, "subject"), param(req, "purpose"))))
                .post("/admin/consent/subjects/{subject}/erase", (req, res) -> handle(req, res, 200,
                        () -> consent.erase(param(req, "subject"))));
    }

    private void usage(ServerRequest req, ServerResponse res) {
        try {
            authorize(req);
            UsageReport.Params params = new UsageReport.Params(query(req, "tenant"), query(req, "key"),
                    query(req, "model"), query(req, "from"), query(req, "to"), query(req, "since"),
                    query(req, "group_by"));
            boolean csv = "csv".equals(query(req, "format"))
                    || req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/csv")).orElse(false);
            if (csv) {
                res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
                res.send(usage.csv(params).getBytes(StandardCharsets.UTF_8));
            } else {
                send(res, 200, usage.json(params));
            }
        } catch (ApiException e) {
            error(res, e);
        } catch (RuntimeException e) {
            internalError(req, res, e);
        }
    }

    private void handle(ServerRequest req, ServerResponse res, int status, Supplier<ObjectNode> operation) {
        try {
            authorize(req);
            send(res, status, operation.get());
        } catch (ApiException e) {
            error(res, e);
        } catch (RuntimeException e) {
            internalError(req, res, e);
        }
    }

    private void internalError(ServerRequest req, ServerResponse res, RuntimeException e) {
        // a data subject's id may itself be personal data (an e-mail address): never logged
        String path = req.path().path().replaceAll("(/subjects/)[^/]+", "$1{subject}");
        LOG.log(System.Logger.Level.ERROR, "admin request " + req.prologue().method().text() + " " + path + " failed", e);
        error(res, new ApiException(new ApiError(500, "server_error", "internal_error", null,
                "Internal error; it has been logged.")));
    }

    private void authorize(ServerRequest req) {
        Caller caller = auth.get().authenticate(name -> req.headers().first(HeaderNames.create(name)).orElse(null));
        if (!caller.master()) {
            throw new ApiException(new ApiError(403, "permission_error", "admin_only", null,
                    "The admin API needs the master key; this is a tenant's key."));
        }
    }

    private static JsonNode body(ServerRequest req) {
        return BodyReader.smallJson(req, MAX_BODY_BYTES, "a JSON object");
    }

    private static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    private static String query(ServerRequest req, String name) {
        return req.query().first(name).orElse(null);
    }

    private static void send(ServerResponse res, int status, ObjectNode body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(body));
    }

    private static void error(ServerResponse res, ApiException e) {
        res.status(Status.create(e.error().status()));
        e.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.bytes(e.error().toJson()));
    }
}
