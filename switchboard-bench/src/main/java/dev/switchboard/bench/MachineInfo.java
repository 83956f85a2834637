package dev.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Facts about the machine and the bench's own JVM, for the header of a result file. */
final class MachineInfo {

    private MachineInfo() {
    }

    /** Label to value, in display order. */
    static Map<String, String> collect() {
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> cpuinfo = lines("/proc/cpuinfo");
        long processors = cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
        facts.put("CPUs (nproc)", Runtime.getRuntime().availableProcessors()
                + (processors > 0 ? " (/proc/cpuinfo: " + processors + " processors)" : ""));
        facts.put("CPU model", cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown"));
        facts.put("memory", lines("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                        Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse("unknown"));
        facts.put("OS", lines("/etc/os-release").stream().filter(l -> l.startsWith("PRETTY_NAME=")).findFirst()
                .map(l -> l.substring(12).replace("\"", "")).orElse(System.getProperty("os.name")));
        facts.put("kernel", lines("/proc/sys/kernel/osrelease").stream().findFirst()
                .orElse(System.getProperty("os.version")));
        facts.put("JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.name") + " "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.home") + ")");
        facts.put("load average at start", loadAverage());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        facts.put("bench JVM flags", flags.isEmpty() ? "(none)" : String.join(" ", flags));
        return facts;
    }

    /** The 1, 5 and 15 minute load averages, from /proc/loadavg. */
    static String loadAverage() {
        return lines("/proc/loadavg").stream().findFirst()
                .map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 3))).orElse("unknown");
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
