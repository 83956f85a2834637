package dev.switchboard.guard.redact;

import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;

/**
 * Puts the originals back in the answer to a pseudonymized request: message content and tool-call
 * arguments, of whole answers and of streams (where placeholders split between chunks are put
 * together first, and nothing else is delayed). Requests without a {@link RedactInterceptor#VAULT}
 * pass untouched.
 */
public final class RestoreInterceptor implements Interceptor {

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        Response response = chain.proceed();
        PseudonymVault vault = exchange.get(RedactInterceptor.VAULT);
        if (vault == null || vault.isEmpty()) {
            return response;
        }
        boolean streaming = exchange.stream();
        return response.withEvents(events -> new RestoringStream(events, vault, streaming));
    }
}
