package dev.switchboard.guard.pii.patterns;

import java.util.function.Function;

/**
 * A per-text result kept for the last text each thread asked about (compared by identity), so that
 * the rules the analyzer runs one after another over the same text on one thread compute it once.
 * Only texts up to {@value #MAX_KEPT_CHARS} chars are kept, so what stays per thread is small.
 *
 * @param <T> the result
 */
final class LastText<T> {

    static final int MAX_KEPT_CHARS = 1 << 16;

    private record Kept<T>(String text, T value) {
    }

    private final ThreadLocal<Kept<T>> last = new ThreadLocal<>();
    private final Function<String, T> compute;

    LastText(Function<String, T> compute) {
        this.compute = compute;
    }

    /** The result for {@code text}: the kept one if this thread asked about this very text last. */
    T of(String text) {
        Kept<T> kept = last.get();
        if (kept != null && kept.text() == text) {
            return kept.value();
        }
        T value = compute.apply(text);
        if (text.length() <= MAX_KEPT_CHARS) {
            last.set(new Kept<>(text, value));
        }
        return value;
    }
}
