package dev.switchboard.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap use as printed by {@code jcmd <pid> GC.heap_info}, for G1, Serial, Parallel and ZGC.
 *
 * <p>Top-level (unindented) lines describe the heap or its generations; their "used" sizes are
 * summed. Indented lines (spaces, regions, metaspace) are details and are skipped.
 *
 * @param usedMb       heap in use, MB
 * @param committedMb  heap committed, MB (NaN if the output does not say)
 */
record HeapInfo(double usedMb, double committedMb) {

    private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])");
    private static final Pattern COMMITTED = Pattern.compile("\\b(?:committed|total|capacity) (\\d+)([KMG])");

    static HeapInfo parse(String heapInfoOutput) {
        double used = 0;
        double committed = 0;
        boolean sawUsed = false;
        boolean sawCommitted = false;
        for (String line : heapInfoOutput.split("\\R")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.matches("\\d+:\\s*")
                    || line.startsWith("Metaspace")) {
                continue;
            }
            Matcher u = USED.matcher(line);
            if (u.find()) {
                used += megabytes(u.group(1), u.group(2));
                sawUsed = true;
                Matcher c = COMMITTED.matcher(line);
                if (c.find()) {
                    committed += megabytes(c.group(1), c.group(2));
                    sawCommitted = true;
                }
            }
        }
        if (!sawUsed) {
            throw new IllegalArgumentException("no heap 'used' size in GC.heap_info output: "
                    + heapInfoOutput.strip().replaceAll("\\s+", " "));
        }
        return new HeapInfo(used, sawCommitted ? committed : Double.NaN);
    }

    private static double megabytes(String number, String unit) {
        double n = Double.parseDouble(number);
        return switch (unit) {
            case "K" -> n / 1024;
            case "M" -> n;
            case "G" -> n * 1024;
            default -> throw new IllegalArgumentException("unknown size unit " + unit);
        };
    }
}
