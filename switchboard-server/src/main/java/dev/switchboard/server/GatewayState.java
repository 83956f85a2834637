package dev.switchboard.server;

import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.routing.RouteTable;
import dev.switchboard.server.guard.Guards;
import dev.switchboard.server.privacy.Privacy;
import java.util.Set;

/**
 * Everything built from one version of the config. Requests take the current state when they
 * start and keep it to the end, so a reload never changes a request in flight.
 *
 * @param config the config it was built from
 * @param routes the models, ready to route
 * @param pipeline the interceptor chain for OpenAI calls
 * @param auth the authenticator, for endpoints outside the pipeline ({@code GET /v1/models})
 * @param simulatedModels models every deployment of which is the built-in simulator
 * @param privacy the PII analyzer and per-tenant policies, for {@code /v1/redact} and log redaction
 * @param guards per-tenant guard policies, for the pipeline and {@code /v1/moderations}
 */
public record GatewayState(SwitchboardConfig config, RouteTable routes, Pipeline pipeline, AuthInterceptor auth,
                           Set<String> simulatedModels, Privacy privacy, Guards guards) {
}
