package dev.switchboard.server.observability;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.DeploymentConfig;
import dev.switchboard.core.config.ModelConfig;
import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The outermost interceptor: opens a {@link RequestObservation} for every request (the server
 * span, the in-flight count), leaves it on the exchange for the stages and the routing listener,
 * and closes it when the answer has reached the client — metrics, spans and the request log entry
 * are all written then, once. Built per config version (it knows that version's models and
 * providers); thread-safe.
 */
final class ObserveInterceptor implements Interceptor {

    final Observability observability;
    final Set<String> models;
    final Map<String, GenAiSpans.Upstream> upstreams;
    /** Replaces personal data in span content and request log bodies. */
    final UnaryOperator<String> redactor;

    ObserveInterceptor(Observability observability, SwitchboardConfig config, Set<String> models,
                       UnaryOperator<String> redactor) {
        this.observability = observability;
        this.models = Set.copyOf(models);
        this.upstreams = upstreams(config);
        this.redactor = redactor;
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        RequestObservation observation = new RequestObservation(this, exchange);
        exchange.put(RequestObservation.KEY, observation);
        Response response;
        try (Scope scope = observation.makeCurrent()) {
            response = chain.proceed();
        } catch (ApiException e) {
            observation.rejected(e.error());
            throw e;
        } catch (RuntimeException e) {
            observation.crashed();
            throw e;
        }
        return response.withEvents(events -> new ObservedStream(events, observation));
    }

    /** The type, host and port of each deployment's provider, by deployment id. */
    private static Map<String, GenAiSpans.Upstream> upstreams(SwitchboardConfig config) {
        Map<String, GenAiSpans.Upstream> upstreams = new HashMap<>();
        for (ModelConfig model : config.models()) {
            for (DeploymentConfig deployment : model.deployments()) {
                ProviderConfig provider = config.providers().get(deployment.provider());
                String host = null;
                int port = -1;
                if (provider != null && provider.baseUrl() != null) {
                    try {
                        URI url = URI.create(provider.baseUrl());
                        host = url.getHost();
                        port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
                    } catch (IllegalArgumentException e) {
                        // validated at load; an address is only decoration here
                    }
                }
                upstreams.putIfAbsent(deployment.id(),
                        new GenAiSpans.Upstream(provider != null ? provider.type() : null, host, port));
            }
        }
        return Map.copyOf(upstreams);
    }
}
