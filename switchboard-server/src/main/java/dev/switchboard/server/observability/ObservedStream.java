package dev.switchboard.server.observability;

import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.spi.UpstreamException;

/**
 * A response's events on their way to the client, shown to the request's observation: the first
 * one (time to first token), each one (response facts, when traced or logged with bodies), and the
 * end — clean, broken, or closed early by the client — exactly once.
 */
final class ObservedStream implements EventStream {

    private final EventStream events;
    private final RequestObservation observation;
    private boolean sawEvent;
    private boolean sawEnd;

    ObservedStream(EventStream events, RequestObservation observation) {
        this.events = events;
        this.observation = observation;
    }

    @Override
    public Event next() {
        Event event;
        try {
            event = events.next();
        } catch (UpstreamException e) {
            observation.answered(GenAiSpans.errorType(e), e);
            throw e;
        } catch (RuntimeException e) {
            observation.answered("internal_error", null);
            throw e;
        }
        if (event == null) {
            sawEnd = true;
            observation.answered(null, null);
            return null;
        }
        if (!sawEvent) {
            sawEvent = true;
            observation.firstEvent();
        }
        observation.event(event);
        return event;
    }

    @Override
    public void close() {
        try {
            events.close(); // accounting finishes in here: its usage is on the exchange afterwards
        } finally {
            // a whole answer is done once its one event was read; a stream only at its end
            boolean complete = sawEnd || sawEvent && !observation.streaming();
            observation.answered(complete ? null : "client_closed", null);
        }
    }
}
