package dev.switchboard.core.spi;

import dev.switchboard.core.pipeline.EventStream;

/**
 * One configured upstream (a vLLM server, an Azure OpenAI resource, ...) that speaks some model API.
 * Implementations translate OpenAI-shaped requests to that API and its answers back to OpenAI-shaped
 * {@link dev.switchboard.core.pipeline.Event}s, so the rest of the gateway knows only OpenAI's shapes.
 *
 * <p>Implementations are thread-safe; one instance serves all requests to its upstream.
 */
@FunctionalInterface
public interface Provider {

    /**
     * Sends one attempt. Returns once the upstream accepted the request (a 2xx status), before any
     * event is read, so that a caller can still fall back if the first event never comes. Timeouts
     * in {@code request} apply to the returned stream too.
     *
     * @throws UpstreamException when the upstream cannot be reached, refuses the request or times out
     */
    EventStream open(UpstreamRequest request);
}
