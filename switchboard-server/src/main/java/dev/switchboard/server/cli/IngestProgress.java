package dev.switchboard.server.cli;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.retrieval.ingest.IngestListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Ingestion progress on stderr, at most once a second: bytes done of the total, documents, chunks,
 * chunks per second and the estimated time left (from the byte rate so far); problems as they come.
 */
final class IngestProgress implements IngestListener {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream err;
    private final Ticker ticker;
    private final long start;
    private long lastReport;
    private long totalBytes;
    private long bytesDone;
    private long documents;
    private long chunks;
    private long problems;

    IngestProgress(PrintStream err, Ticker ticker) {
        this.err = err;
        this.ticker = ticker;
        this.start = ticker.read();
        this.lastReport = start;
    }

    @Override
    public void started(int files, long bytes) {
        totalBytes = bytes;
        err.println("ingest: " + files + " file" + (files == 1 ? "" : "s") + ", " + megabytes(bytes));
    }

    @Override
    public void progress(long bytesDone, long documents, long chunks) {
        this.bytesDone = bytesDone;
        this.documents = documents;
        this.chunks = chunks;
        long now = ticker.read();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            err.println(line(now));
        }
    }

    @Override
    public void problem(String where, String message) {
        problems++;
        err.println("switchboard: " + where + ": " + message);
    }

    long problems() {
        return problems;
    }

    /** The progress line at {@code now}: done, rate and ETA. */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double fraction = totalBytes == 0 ? 1 : Math.min(1, (double) bytesDone / totalBytes);
        String eta = fraction <= 0 ? "?" : duration(seconds / fraction - seconds);
        return String.format(Locale.ROOT, "ingest: %s of %s (%.0f%%), %,d documents, %,d chunks, %.1f chunks/s, ETA %s",
                megabytes(bytesDone), megabytes(totalBytes), fraction * 100, documents, chunks, chunks / seconds, eta);
    }

    void finish(long unchanged, long failed) {
        double seconds = Math.max(1e-9, (ticker.read() - start) / 1e9);
        err.println(String.format(Locale.ROOT, "ingest: done in %s: %,d documents indexed, %,d unchanged, %,d failed,"
                + " %,d chunks (%.1f chunks/s)", duration(seconds), documents - unchanged, unchanged, failed, chunks,
                chunks / seconds));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
