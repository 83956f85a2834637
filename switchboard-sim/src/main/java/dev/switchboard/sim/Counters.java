package dev.switchboard.sim;

import java.util.concurrent.atomic.LongAdder;

/** The simulator's live counters; thread-safe, cheap to bump on the hot path. */
final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder chatRequests = new LongAdder();
    final LongAdder embeddingRequests = new LongAdder();
    final LongAdder streamsStarted = new LongAdder();
    final LongAdder streamsCompleted = new LongAdder();
    final LongAdder streamsCancelled = new LongAdder();
    final LongAdder faultsInjected = new LongAdder();

    /** Each counter is read once; the snapshot is not atomic across counters. */
    SimulatorStats snapshot() {
        return new SimulatorStats(requests.sum(), chatRequests.sum(), embeddingRequests.sum(),
                streamsStarted.sum(), streamsCompleted.sum(), streamsCancelled.sum(), faultsInjected.sum());
    }
}
