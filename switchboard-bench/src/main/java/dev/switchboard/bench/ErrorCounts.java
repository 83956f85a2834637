package dev.switchboard.bench;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failed requests by kind ("http 502", "timeout", ...), with the first message seen for each. Thread-safe. */
final class ErrorCounts {

    static final String TIMEOUT = "timeout";
    static final String NO_DONE = "stream ended without [DONE]";
    static final String IN_FLIGHT_LIMIT = "not sent: generator in-flight limit";
    static final String UNFINISHED = "unfinished at end of phase";

    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> examples = new ConcurrentHashMap<>();

    void add(String kind, String example) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (example != null && !example.isBlank()) {
            examples.putIfAbsent(kind, example);
        }
    }

    void add(Throwable failure) {
        add(kindOf(failure), failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** The error kind of a failed exchange. */
    static String kindOf(Throwable failure) {
        if (failure instanceof SocketTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof ConnectException) {
            return "io: connect failed";
        }
        if (failure instanceof EOFException) {
            return "io: connection closed early";
        }
        if (failure instanceof SocketException) {
            return "io: socket error";
        }
        return "io: " + failure.getClass().getSimpleName();
    }

    long total() {
        long sum = 0;
        for (LongAdder a : counts.values()) {
            sum += a.sum();
        }
        return sum;
    }

    /** Counts by kind, sorted by kind. */
    Map<String, Long> byKind() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** First message seen for each kind, sorted by kind. */
    Map<String, String> examples() {
        return new TreeMap<>(examples);
    }

    /** Adds everything in {@code other} to this. */
    void addAll(ErrorCounts other) {
        other.counts.forEach((k, v) -> counts.computeIfAbsent(k, x -> new LongAdder()).add(v.sum()));
        other.examples.forEach(examples::putIfAbsent);
    }

    /** e.g. {@code "none"} or {@code "http 502: 3, timeout: 1"}. */
    String summary() {
        Map<String, Long> byKind = byKind();
        if (byKind.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        byKind.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
        return s.toString();
    }
}
