package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds used by a set of named processes between {@link #start} and {@link #stop}, to see
 * who used the machine's cores during a phase (the load generator, the simulator and the gateway
 * share them).
 */
final class CpuMeter {

    private final Map<String, Long> pids;
    private final Map<String, Double> before = new LinkedHashMap<>();
    private long startNanos;
    private Map<Long, ProcessStats.Usage> othersBefore = Map.of();

    /** The CPU seconds each process used during one phase, and the wall time of the phase. */
    record Usage(Map<String, Double> cpuSeconds, double wallSeconds) {

        /** e.g. {@code "bench 0.61, sim 0.35, gateway 0.80, other 0.02 cores"}: average cores busy per process. */
        String coresSummary() {
            StringBuilder s = new StringBuilder();
            cpuSeconds.forEach((name, cpu) -> s.append(s.isEmpty() ? "" : ", ").append(name).append(' ')
                    .append(Double.isNaN(cpu) ? "?" : String.format(java.util.Locale.ROOT, "%.2f", cpu / wallSeconds)));
            return s.append(" cores").toString();
        }
    }

    CpuMeter(Map<String, Long> pids) {
        this.pids = pids;
    }

    void start(long nowNanos) {
        startNanos = nowNanos;
        pids.forEach((name, pid) -> before.put(name, ProcessStats.cpuSeconds(pid)));
        othersBefore = ProcessStats.snapshot();
    }

    /**
     * CPU used since {@link #start}; besides the named processes, "other" is what every other process
     * (and its waited-for children) used meanwhile, e.g. builds running on the same machine: a noise
     * gauge. Kernel work not charged to a process (interrupts) is in neither.
     */
    Usage stop(long nowNanos) {
        Map<String, Double> used = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : pids.entrySet()) {
            double cpu = ProcessStats.cpuSeconds(e.getValue()) - before.get(e.getKey());
            used.put(e.getKey(), cpu);
        }
        java.util.Set<Long> mine = new java.util.HashSet<>(pids.values());
        double other = 0;
        for (Map.Entry<Long, ProcessStats.Usage> e : ProcessStats.snapshot().entrySet()) {
            long pid = e.getKey();
            if (mine.contains(pid) || mine.contains(e.getValue().parentPid())) {
                continue;  // ours, or ours' children (jcmd)
            }
            ProcessStats.Usage before = othersBefore.get(pid);
            other += Math.max(0, e.getValue().cpuSecondsWithChildren() - (before == null ? 0 : before.cpuSecondsWithChildren()));
        }
        used.put("other", other);
        return new Usage(used, (nowNanos - startNanos) / 1e9);
    }
}
