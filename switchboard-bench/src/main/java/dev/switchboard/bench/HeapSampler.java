package dev.switchboard.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Samples a JVM's heap after a full GC at a fixed period: {@code jcmd <pid> GC.run}, then
 * {@code jcmd <pid> GC.heap_info}. Also reads its resident size and thread count, and the load at
 * that moment (open streams, events per second since the previous sample). Runs on its own thread.
 */
final class HeapSampler implements AutoCloseable {

    /**
     * @param minutes        since the load started
     * @param usedMb         heap used after the full GC
     * @param committedMb    heap committed
     * @param rssMb          resident set size of the process
     * @param threads        OS threads of the process
     * @param openStreams    client streams open at that moment
     * @param eventsPerSecond events the client received per second since the previous sample
     * @param gcMillis       how long {@code jcmd GC.run} took (≈ the full GC pause plus jcmd's start-up)
     */
    record Sample(double minutes, double usedMb, double committedMb, double rssMb, double threads, int openStreams,
                  double eventsPerSecond, long gcMillis) {
    }

    private final long pid;
    private final Duration period;
    private long startNanos;
    private long endNanos;
    private final IntSupplier openStreams;
    private final LongSupplier events;
    private final List<Sample> samples = new ArrayList<>();
    private Sample baseline;
    private final List<String> failures = new ArrayList<>();
    private final Thread thread;
    private long lastEvents;
    private long lastNanos;

    HeapSampler(long pid, Duration period, IntSupplier openStreams, LongSupplier events) {
        this.pid = pid;
        this.period = period;
        this.openStreams = openStreams;
        this.events = events;
        this.thread = Thread.ofPlatform().daemon().name("bench-heap-sampler").unstarted(this::loop);
    }

    /** Takes the baseline sample (before any load); returns it, or null if jcmd failed. */
    Sample sampleBaseline() {
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        Sample s = sampleNow();
        synchronized (this) {
            if (s != null) {
                samples.remove(s);
            }
            baseline = s;
        }
        return s;
    }

    /** Samples every {@code period} from {@code loadStartNanos} until {@code loadEndNanos} (inclusive). */
    void begin(long loadStartNanos, long loadEndNanos) {
        startNanos = loadStartNanos;
        endNanos = loadEndNanos;
        lastNanos = loadStartNanos;
        lastEvents = events.getAsLong();
        thread.start();
    }

    private void loop() {
        long next = startNanos + period.toNanos();
        while (!Thread.currentThread().isInterrupted() && next <= endNanos + 1_000_000_000L) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += period.toNanos();
            sampleNow();
        }
    }

    private Sample sampleNow() {
        long now = System.nanoTime();
        int openNow = openStreams.getAsInt();
        long eventsNow = events.getAsLong();
        double seconds = (now - lastNanos) / 1e9;
        double rate = seconds > 0 ? (eventsNow - lastEvents) / seconds : 0;
        lastEvents = eventsNow;
        lastNanos = now;
        try {
            long gcStart = System.nanoTime();
            Jcmd.run(pid, "GC.run");
            long gcMillis = (System.nanoTime() - gcStart) / 1_000_000;
            HeapInfo heap = HeapInfo.parse(Jcmd.run(pid, "GC.heap_info"));
            Sample s = new Sample(Math.max(0, now - startNanos) / 60e9, heap.usedMb(), heap.committedMb(),
                    ProcessStats.rssMb(pid), ProcessStats.threads(pid), openNow, rate, gcMillis);
            synchronized (this) {
                samples.add(s);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failures.add(String.format(java.util.Locale.ROOT, "at %.1f min: %s", (now - startNanos) / 60e9,
                        e.getMessage()));
            }
            return null;
        }
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    synchronized Sample baseline() {
        return baseline;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits for the last sample (due at the end of the load), then stops. */
    @Override
    public void close() {
        try {
            thread.join(Math.max(1, (endNanos - System.nanoTime()) / 1_000_000) + 120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
