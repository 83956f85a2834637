package dev.switchboard.core.routing;

import dev.switchboard.core.api.Errors;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;

/**
 * Resolves the model the client asked for to its {@link ModelRoute} and leaves it on the exchange
 * for {@link CallInterceptor}; unknown models get 404. A/B tests and canaries will choose among
 * routes here.
 */
public final class RouteInterceptor implements Interceptor {

    /** The route chosen for the request. */
    public static final Attribute<ModelRoute> ROUTE = Attribute.named("route");

    private final RouteTable routes;

    public RouteInterceptor(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        ModelRoute route = routes.find(exchange.requestedModel());
        if (route == null) {
            throw Errors.modelNotFound(exchange.requestedModel());
        }
        exchange.put(ROUTE, route);
        return chain.proceed();
    }
}
