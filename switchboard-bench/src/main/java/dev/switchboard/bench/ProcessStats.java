package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.DirectoryStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** CPU time, resident memory and thread count of a process, read from Linux {@code /proc}. */
final class ProcessStats {

    private static final long TICKS_PER_SECOND = clockTicks();

    private ProcessStats() {
    }

    /** User + system CPU seconds the process has used; NaN if unknown (process gone, not Linux). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesised command: state is field 3, utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return (double) ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** One process in a {@link #snapshot}: its parent, and its CPU seconds including waited-for children. */
    record Usage(long parentPid, double cpuSecondsWithChildren) {
    }

    /**
     * Every process's CPU use, by pid: user + system time of the process and of its children that
     * exited and were waited for (so a build that forks short-lived JVMs is seen through its parent).
     * Per-process accounting, the same as {@link #cpuSeconds}, so the two can be compared.
     */
    static Map<Long, Usage> snapshot() {
        Map<Long, Usage> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14]);
                    out.put(Long.parseLong(dir.getFileName().toString()),
                            new Usage(Long.parseLong(f[1]), (double) ticks / TICKS_PER_SECOND));
                } catch (IOException | RuntimeException e) {
                    // the process exited meanwhile
                }
            }
        } catch (IOException e) {
            // not Linux: empty
        }
        return out;
    }

    /** Resident set size in MB, or NaN. */
    static double rssMb(long pid) {
        return statusField(pid, "VmRSS:") / 1024.0;
    }

    /** Number of OS threads, or NaN. */
    static double threads(long pid) {
        return statusField(pid, "Threads:");
    }

    private static double statusField(long pid, String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(name)) {
                    return Double.parseDouble(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Double.NaN;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
