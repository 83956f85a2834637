package dev.switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.guard.ner.NamedEntityRecognizer;
import dev.switchboard.guard.pii.patterns.BuiltInRecognizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What analyzing the {@code latency --with-pii} bench's 2 KB prompt costs on one thread, hot (the
 * same prompt again and again: tables in the CPU caches) and "cold" (64 MB read between two
 * analyses, so the model, gazetteer and word cache come from memory again, as at 100 req/s), for
 * the whole analyzer and for each recognizer alone. A profiling aid, not a benchmark and not a
 * timed test; skipped in normal builds:
 *
 * <pre>./mvnw -o -pl switchboard-guard -am verify -Dtest=PromptCostRun -Dpii.prompt=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * (output in {@code target/surefire-reports/dev.switchboard.guard.pii.PromptCostRun-output.txt}),
 * or {@link #main} on the test class path. The prompt, {@code pii/bench-prompt.txt}, is
 * {@code PiiMessages(2026).message(2000)} of {@code switchboard-bench} ({@code BenchOptions.PII_PROMPT}),
 * written out once.
 */
class PromptCostRun {

    /** More than this machine's last-level cache share, so reading it evicts everything else. */
    private static final int EVICT_BYTES = 64 << 20;
    private static final long[] EVICTOR = new long[EVICT_BYTES / Long.BYTES];
    private static long sink;

    static {
        Arrays.fill(EVICTOR, 1); // written, so its pages are real memory, not the shared zero page
    }

    @Test
    @EnabledIfSystemProperty(named = "pii.prompt", matches = "true")
    void printsTheCostOfTheBenchPromptHotAndCold() throws IOException {
        assertThat(run()).isPositive();
    }

    /**
     * Prints the table; with arguments {@code hot N} or {@code cold N}, instead analyzes the prompt
     * N times that way and prints nothing (for a profiler).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2) {
            String prompt = prompt();
            List<Recognizer> recognizers = new ArrayList<>(BuiltInRecognizers.all());
            recognizers.add(new NamedEntityRecognizer());
            Analyzer analyzer = new Analyzer(recognizers);
            boolean cold = args[0].equals("cold");
            for (int i = Integer.parseInt(args[1]); i > 0; i--) {
                if (cold) {
                    evict();
                }
                sink += analyzer.analyze(prompt, AnalysisOptions.DEFAULT).size();
            }
            return;
        }
        run();
    }

    /** Prints the table; returns the analyzer's hot µs per text. */
    private static double run() throws IOException {
        String prompt = prompt();
        List<Recognizer> recognizers = new ArrayList<>(BuiltInRecognizers.all());
        recognizers.add(new NamedEntityRecognizer());
        Analyzer analyzer = new Analyzer(recognizers);
        String normalized = NormalizedText.of(prompt).text();
        Task whole = () -> analyzer.analyze(prompt, AnalysisOptions.DEFAULT).size();
        int rounds = Integer.getInteger("pii.prompt.rounds", 5);
        for (int i = 0; i < 3000; i++) {
            sink += whole.run();
            for (Recognizer r : recognizers) {
                sink += r.analyze(normalized, r.entities()).size();
            }
        }
        System.out.printf("%nprompt: %d chars, %d UTF-8 bytes, %d findings%n", prompt.length(),
                prompt.getBytes(StandardCharsets.UTF_8).length, analyzer.analyze(prompt, AnalysisOptions.DEFAULT).size());
        System.out.printf("%-20s %10s %10s %10s %10s%n", "µs per text", "hot", "cold p50", "cold p90", "cold mean");
        double hot = 0;
        for (int round = 0; round < rounds; round++) {
            double[] h = hot(whole);
            double[] c = cold(whole);
            print("analyzer (round " + (round + 1) + ")", h, c);
            hot = h[0];
        }
        for (Recognizer r : recognizers) {
            print(r.name(), hot(() -> r.analyze(normalized, r.entities()).size()),
                    cold(() -> r.analyze(normalized, r.entities()).size()));
        }
        System.out.println(sink == 42 ? "" : " ");
        return hot;
    }

    private static void print(String name, double[] hot, double[] cold) {
        System.out.printf("%-20s %10.1f %10.1f %10.1f %10.1f%n", name, hot[0], cold[0], cold[1], cold[2]);
    }

    @FunctionalInterface
    private interface Task {
        int run();
    }

    /** Median over 15 batches of the mean µs per call of 200 calls in a row. */
    private static double[] hot(Task task) {
        double[] batches = new double[15];
        for (int b = 0; b < batches.length; b++) {
            long started = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                sink += task.run();
            }
            batches[b] = (System.nanoTime() - started) / 200 / 1e3;
        }
        Arrays.sort(batches);
        return new double[] {batches[batches.length / 2]};
    }

    /** p50, p90 and mean µs of 300 calls, each after reading {@value #EVICT_BYTES} bytes. */
    private static double[] cold(Task task) {
        double[] times = new double[300];
        for (int i = 0; i < times.length; i++) {
            evict();
            long started = System.nanoTime();
            sink += task.run();
            times[i] = (System.nanoTime() - started) / 1e3;
        }
        double mean = Arrays.stream(times).average().orElse(0);
        Arrays.sort(times);
        return new double[] {times[times.length / 2], times[times.length * 9 / 10], mean};
    }

    /** Reads one long per cache line of {@link #EVICTOR}. */
    private static void evict() {
        long sum = 0;
        for (int i = 0; i < EVICTOR.length; i += 8) {
            sum += EVICTOR[i];
        }
        EVICTOR[(int) (sum & 7)]++;
        sink += sum;
    }

    private static String prompt() throws IOException {
        try (InputStream in = PromptCostRun.class.getResourceAsStream("/pii/bench-prompt.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource pii/bench-prompt.txt");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
