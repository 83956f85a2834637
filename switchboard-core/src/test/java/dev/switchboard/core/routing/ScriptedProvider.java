package dev.switchboard.core.routing;

import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.core.spi.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider that answers each call with the next step of its script, repeating the last step once
 * the script is used up, and records every request it gets.
 */
final class ScriptedProvider implements Provider {

    /** What one call does. */
    @FunctionalInterface
    interface Step {
        EventStream run(UpstreamRequest request);
    }

    final String name;
    final List<UpstreamRequest> requests = new ArrayList<>();
    private final Deque<Step> script = new ArrayDeque<>();
    private Step last;

    ScriptedProvider(String name) {
        this.name = name;
    }

    ScriptedProvider then(Step step) {
        script.add(step);
        return this;
    }

    ScriptedProvider then(int times, Step step) {
        for (int i = 0; i < times; i++) {
            script.add(step);
        }
        return this;
    }

    int calls() {
        return requests.size();
    }

    @Override
    public synchronized EventStream open(UpstreamRequest request) {
        requests.add(request);
        Step step = script.isEmpty() ? last : script.poll();
        if (step == null) {
            throw new AssertionError(name + " has no script");
        }
        last = step;
        return step.run(request);
    }

    static Event event(String json) {
        return Event.ofBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with one event {@code {"answer":"<text>"}}. */
    static Step ok(String text) {
        return request -> EventStream.of(List.of(event("{\"answer\":\"" + text + "\"}")));
    }

    static Step fail(UpstreamException failure) {
        return request -> {
            throw failure;
        };
    }

    static Step status(int status, String message) {
        return fail(UpstreamException.status(status, null, null, message));
    }

    static Step status(int status, Duration retryAfter, String message) {
        return fail(UpstreamException.status(status, retryAfter, null, message));
    }

    /** A stream whose first event arrives, then breaks; {@code closed} is set when it is closed. */
    static Step breaksAfterFirstEvent(AtomicBoolean closed) {
        return request -> new EventStream() {
            private boolean sent;

            @Override
            public Event next() {
                if (!sent) {
                    sent = true;
                    return event("{\"chunk\":1}");
                }
                throw UpstreamException.broken("stream broke", null);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }
}
