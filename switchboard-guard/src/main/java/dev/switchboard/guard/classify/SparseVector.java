package dev.switchboard.guard.classify;

/**
 * Hashed features of one text: bucket indices with their values, duplicates allowed (their values
 * add up). The arrays may be longer than {@link #size()}; only the first {@code size} entries count.
 *
 * @param indices bucket of each entry, in {@code [0, 2^bits)}
 * @param values value of each entry
 * @param size number of entries
 */
public record SparseVector(int[] indices, float[] values, int size) {
}
