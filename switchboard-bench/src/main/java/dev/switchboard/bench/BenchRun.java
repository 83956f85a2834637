package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What every benchmark does around its measurement: report header, process facts, output. */
final class BenchRun {

    private BenchRun() {
    }

    static Report newReport(String subcommand, String title, Instant started) {
        String load = MachineInfo.loadAverage();
        try {
            if (Double.parseDouble(load.split(" ")[0]) > 0.5) {
                System.err.println("warning: load average is " + load + ": other processes are busy, results will be "
                        + "noisy (the 'other' CPU column shows how much)");
            }
        } catch (RuntimeException e) {
            // unknown load: no warning
        }
        return new Report(subcommand, title, started, BenchCommand.commandLine(), MachineInfo.collect());
    }

    /** Command line and effective JVM flags of the simulator and the gateway. */
    static Map<String, String> processFacts(TestBed bed) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("switchboard jar", bed.jar().toString());
        facts.put("source", SourceVersion.describe(BenchOptions.repositoryRoot()));
        for (ChildProcess p : List.of(bed.simulatorProcess(), bed.gatewayProcess())) {
            facts.put(p.name() + " command", "`" + String.join(" ", p.command()) + "`");
            facts.put(p.name() + " effective JVM flags (jcmd VM.flags)", "`" + Jcmd.vmFlags(p.pid()) + "`");
        }
        return facts;
    }

    /** Prints the results, writes the file (unless told not to), says where. */
    static void finish(Report report, BenchOptions options) throws IOException {
        finish(report, options.noResultsFile, options.resultsDir());
    }

    /** Prints the results and, unless {@code noFile}, writes them to {@code resultsDir}. */
    static void finish(Report report, boolean noFile, Path resultsDir) throws IOException {
        report.headerSection("Machine at the end", Map.of("load average at end", MachineInfo.loadAverage()));
        System.out.println();
        report.print(System.out);
        if (noFile) {
            return;
        }
        Path file = report.write(resultsDir);
        System.err.println("results written to " + file);
    }

    /** p50/p90/p99/p99.9/max/mean cells in ms, or dashes for an empty histogram. */
    static Object[] latencyCells(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return new Object[] {"-", "-", "-", "-", "-", "-"};
        }
        return new Object[] {Report.millis(h.getValueAtPercentile(50)), Report.millis(h.getValueAtPercentile(90)),
                Report.millis(h.getValueAtPercentile(99)), Report.millis(h.getValueAtPercentile(99.9)),
                Report.millis(h.getMaxValue()), Report.millis(Math.round(h.getMean()))};
    }

    /** "p50 0.041 / p99 0.210 / max 3.100 ms" for schedule lag. */
    static String lagSummary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return Report.millis(h.getValueAtPercentile(50)) + " / " + Report.millis(h.getValueAtPercentile(99)) + " / "
                + Report.millis(h.getMaxValue());
    }

    static List<String> errorDetails(ErrorCounts errors) {
        List<String> out = new java.util.ArrayList<>();
        Map<String, String> examples = errors.examples();
        errors.byKind().forEach((kind, count) -> out.add(kind + ": " + count
                + (examples.containsKey(kind) ? " (first: `" + examples.get(kind).replace("`", "'") + "`)" : "")));
        return out;
    }
}
