package dev.switchboard.guard.pii;

import java.util.Objects;

/**
 * One piece of personal data found in a text: its entity type (e.g. {@code EMAIL_ADDRESS}), where
 * it is and how sure the recognizer is.
 *
 * @param type entity type, upper snake case ({@link Entities} lists the built-in ones)
 * @param start first char of the span (a Java {@code String} index, UTF-16 code units)
 * @param end index just past the span's last char
 * @param score confidence from 0 to 1
 * @param recognizer name of the recognizer that found it, for explanations and tuning
 */
public record Finding(String type, int start, int end, double score, String recognizer) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recognizer, "recognizer");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span must be non-empty and start at 0 or later: " + start + ".." + end);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be between 0 and 1: " + score);
        }
    }

    public int length() {
        return end - start;
    }

    /** True when the two spans share at least one char. */
    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    /** True when {@code other} lies within this span. */
    public boolean contains(Finding other) {
        return start <= other.start && other.end <= end;
    }

    public Finding withScore(double newScore) {
        return new Finding(type, start, end, Math.min(1, Math.max(0, newScore)), recognizer);
    }

    /** This finding moved by {@code offset} chars (from a window back to its whole text). */
    public Finding shifted(int offset) {
        return new Finding(type, start + offset, end + offset, score, recognizer);
    }
}
