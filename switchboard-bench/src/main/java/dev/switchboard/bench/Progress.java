package dev.switchboard.bench;

import java.io.PrintStream;
import java.time.Duration;

/** Prints a progress line to stderr at a fixed period from a daemon thread, until closed. */
final class Progress implements AutoCloseable {

    /** Produces the next progress line; called from the progress thread only. */
    @FunctionalInterface
    interface Line {
        String next(long nowNanos);
    }

    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress every(Duration period, PrintStream out, Line line) {
        long periodNanos = period.toNanos();
        Thread thread = Thread.ofPlatform().daemon().name("bench-progress").start(() -> {
            long next = System.nanoTime() + periodNanos;
            while (!Thread.currentThread().isInterrupted()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next += periodNanos;
                try {
                    out.println(line.next(System.nanoTime()));
                } catch (RuntimeException e) {
                    out.println("progress: " + e);
                }
                out.flush();
            }
        });
        return new Progress(thread);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
