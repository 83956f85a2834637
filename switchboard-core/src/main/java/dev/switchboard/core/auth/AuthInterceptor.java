package dev.switchboard.core.auth;

import dev.switchboard.core.api.Errors;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.RequestHeaders;
import dev.switchboard.core.pipeline.Response;

/**
 * Admits requests that carry a valid key in {@code Authorization: Bearer <key>}; others get 401
 * in OpenAI's shape. Leaves the {@link Caller} on the exchange.
 */
public final class AuthInterceptor implements Interceptor {

    /** Who is calling. */
    public static final Attribute<Caller> CALLER = Attribute.named("caller");

    private final KeyVerifier verifier;

    public AuthInterceptor(KeyVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Response intercept(Chain chain) {
        chain.exchange().put(CALLER, authenticate(chain.exchange()::header));
        return chain.proceed();
    }

    /**
     * The caller named by the request's bearer token.
     *
     * @throws dev.switchboard.core.api.ApiException 401 when the key is missing or wrong
     */
    public Caller authenticate(RequestHeaders headers) {
        String authorization = headers.get("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw Errors.missingApiKey();
        }
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Errors.missingApiKey();
        }
        String key = authorization.substring(7).trim();
        Caller caller = key.isEmpty() ? null : verifier.verify(key);
        if (caller == null) {
            throw Errors.invalidApiKey();
        }
        return caller;
    }
}
