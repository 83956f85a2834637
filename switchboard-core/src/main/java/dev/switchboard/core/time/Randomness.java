package dev.switchboard.core.time;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** Sources of randomness to inject; tests pass a seeded {@code new java.util.Random(seed)} instead. */
public final class Randomness {

    private Randomness() {
    }

    /** A thread-safe generator that uses the calling thread's {@link ThreadLocalRandom}. */
    public static RandomGenerator threadLocal() {
        return () -> ThreadLocalRandom.current().nextLong();
    }
}
