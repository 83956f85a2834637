package dev.switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.guard.ner.NamedEntityRecognizer;
import dev.switchboard.guard.pii.patterns.BuiltInRecognizers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Where the analyzer's time goes: thread CPU time per text of the whole analysis and of each
 * recognizer alone, over the texts of {@code pii/presidio-synth-dev.json} (found as the NER
 * training finds its data). A profiling aid, not a benchmark (those are {@code bench/run pii} and
 * {@code bench/run latency --with-pii}); skipped in normal builds:
 *
 * <pre>./mvnw -o -pl switchboard-guard -am verify -Dtest=AnalyzerCostRun -Dpii.cost=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class AnalyzerCostRun {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    @EnabledIfSystemProperty(named = "pii.cost", matches = "true")
    void printsTheCostOfTheAnalyzerAndOfEachRecognizer() throws Exception {
        Path data = dataDir().resolve("pii/presidio-synth-dev.json");
        List<String> texts = new ArrayList<>();
        for (JsonNode sample : new ObjectMapper().readTree(data.toFile())) {
            texts.add(sample.get("full_text").asText());
        }
        List<Recognizer> recognizers = new ArrayList<>(BuiltInRecognizers.all());
        recognizers.add(new NamedEntityRecognizer());
        Analyzer analyzer = new Analyzer(recognizers);
        List<String> normalized = texts.stream().map(t -> NormalizedText.of(t).text()).toList();
        long chars = texts.stream().mapToLong(String::length).sum();
        for (int warmup = 0; warmup < 20; warmup++) {
            texts.forEach(t -> analyzer.analyze(t, AnalysisOptions.DEFAULT));
        }
        long whole = cpuPerText(texts, t -> analyzer.analyze(t, AnalysisOptions.DEFAULT).size());
        Map<String, Long> each = new LinkedHashMap<>();
        for (Recognizer r : recognizers) {
            each.put(r.name(), cpuPerText(normalized, t -> r.analyze(t, r.entities()).size()));
        }
        System.out.printf("%n%d texts, %.0f chars each on average: analyzer %.1f µs CPU per text%n", texts.size(),
                (double) chars / texts.size(), whole / 1e3);
        each.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("  %-20s %8.1f µs%n", e.getKey(), e.getValue() / 1e3));
        assertThat(whole).isPositive();
    }

    /** Mean thread CPU nanoseconds of {@code work} per text, over three passes. */
    private static long cpuPerText(List<String> texts, java.util.function.ToIntFunction<String> work) {
        long sink = 0;
        long started = THREADS.getCurrentThreadCpuTime();
        for (int pass = 0; pass < 3; pass++) {
            for (String text : texts) {
                sink += work.applyAsInt(text);
            }
        }
        long spent = THREADS.getCurrentThreadCpuTime() - started;
        return sink < 0 ? -1 : spent / (3L * texts.size());
    }

    private static Path dataDir() {
        String configured = System.getProperty("switchboard.data", System.getenv("SWITCHBOARD_DATA"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared/data/pii"))) {
                return dir.resolve("shared/data");
            }
        }
        throw new IllegalStateException("cannot find shared/data; set -Dswitchboard.data=/path/to/shared/data");
    }
}
