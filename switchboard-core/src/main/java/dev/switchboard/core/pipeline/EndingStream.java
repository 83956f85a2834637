package dev.switchboard.core.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;

/** A stream that runs an action once when it ends: cleanly, broken, or closed early. */
final class EndingStream implements EventStream {

    private final EventStream delegate;
    private final Runnable action;
    private final AtomicBoolean ended = new AtomicBoolean();

    EndingStream(EventStream delegate, Runnable action) {
        this.delegate = delegate;
        this.action = action;
    }

    @Override
    public Event next() {
        Event event;
        try {
            event = delegate.next();
        } catch (RuntimeException e) {
            end();
            throw e;
        }
        if (event == null) {
            end();
        }
        return event;
    }

    @Override
    public void close() {
        try {
            delegate.close(); // inner streams finish first: their outcome is what the action reads
        } finally {
            end();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            action.run();
        }
    }
}
