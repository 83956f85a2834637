package dev.switchboard.core.time;

import java.time.Duration;

/**
 * Calls {@code refresh} every {@code interval} on a platform daemon thread until closed (refreshes
 * read databases; see {@code docs/decisions.md} on background threads). A refresh that fails is
 * logged as a warning (with {@code failure}, saying what stays in use) and tried again at the next
 * interval.
 */
public final class Refresher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Refresher.class.getName());

    private final Thread thread;

    /**
     * @param name the thread's name
     * @param failure what a failed refresh means, e.g. "could not reload keys from the store (the
     *     keys loaded before stay in use)"
     */
    public Refresher(String name, Duration interval, Runnable refresh, String failure) {
        this.thread = Thread.ofPlatform().daemon().name(name).start(() -> {
            while (true) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    refresh.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, failure + ": " + e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
