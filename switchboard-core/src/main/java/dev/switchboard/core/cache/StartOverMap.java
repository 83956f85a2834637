package dev.switchboard.core.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A map of values that are worth keeping but cheap to make again (key strings, compiled schemas,
 * last views of counters), bounded by starting over: a write that finds it holding
 * {@code maxEntries} clears it first. Simpler than LRU, and what the callers keep comes back on
 * its next use. Thread-safe; reads take no lock.
 *
 * @param <K> the keys
 * @param <V> the values
 */
public final class StartOverMap<K, V> {

    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    /** @param maxEntries most entries held; at least 1 */
    public StartOverMap(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The value of {@code key}, or null. */
    public V get(K key) {
        return entries.get(key);
    }

    /** The value of {@code key}, made with {@code make} (and kept) if there is none. */
    public V computeIfAbsent(K key, Function<? super K, ? extends V> make) {
        V known = entries.get(key);
        if (known != null) {
            return known;
        }
        makeRoom();
        return entries.computeIfAbsent(key, make);
    }

    public void put(K key, V value) {
        makeRoom();
        entries.put(key, value);
    }

    /** As {@link ConcurrentHashMap#merge}. */
    public void merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remap) {
        makeRoom();
        entries.merge(key, value, remap);
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    private void makeRoom() {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
    }
}
