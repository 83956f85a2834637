package dev.switchboard.guard.ner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the shipped recognizer: exact-span precision/recall/F1 on UNER English-EWT dev
 * (PER/ORG/LOC), and per-entity precision/recall/F2 on {@code pii/presidio-synth-dev.json}, both by
 * exact span and by token (presidio-research counts tokens). Run with {@code scripts/train-ner --eval}.
 */
public final class NerEvaluation {

    private static final Map<String, String> UNER_TYPES = Map.of("PER", Entities.PERSON, "LOC", Entities.LOCATION,
            "ORG", Entities.ORGANIZATION);

    /** Counts of one entity type. */
    static final class Score {
        int truePositives;
        int predicted;
        int gold;

        double precision() {
            return predicted == 0 ? 0 : (double) truePositives / predicted;
        }

        double recall() {
            return gold == 0 ? 0 : (double) truePositives / gold;
        }

        double f(double beta) {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : (1 + beta * beta) * p * r / (beta * beta * p + r);
        }

        void add(Score other) {
            truePositives += other.truePositives;
            predicted += other.predicted;
            gold += other.gold;
        }
    }

    public static void main(String[] args) throws IOException {
        Path data = NerCorpora.dataDir();
        NamedEntityRecognizer recognizer = new NamedEntityRecognizer();
        long started = System.nanoTime();
        NamedEntityRecognizer.preload();
        System.out.printf("model loaded in %.0f ms%n%n", (System.nanoTime() - started) / 1e6);
        System.out.println(uner(recognizer, data));
        System.out.println(presidio(recognizer, data));
    }

    static String uner(NamedEntityRecognizer recognizer, Path data) throws IOException {
        Map<String, Score> scores = new LinkedHashMap<>();
        for (String type : List.of(Entities.PERSON, Entities.LOCATION, Entities.ORGANIZATION)) {
            scores.put(type, new Score());
        }
        Analyzer analyzer = new Analyzer(List.of(recognizer));
        AnalysisOptions options = new AnalysisOptions(Set.of(Entities.PERSON, Entities.LOCATION, Entities.ORGANIZATION),
                AnalysisOptions.DEFAULT_THRESHOLD);
        for (NerCorpora.TextSentence sentence : NerCorpora.unerEnglishEwt(data)) {
            Set<String> gold = new HashSet<>();
            for (NerCorpora.Span span : sentence.spans()) {
                String type = UNER_TYPES.get(span.type());
                gold.add(type + ":" + span.start() + ":" + span.end());
                scores.get(type).gold++;
            }
            for (Finding f : analyzer.analyze(sentence.text(), options)) {
                Score score = scores.get(f.type());
                score.predicted++;
                if (gold.contains(f.type() + ":" + f.start() + ":" + f.end())) {
                    score.truePositives++;
                }
            }
        }
        return table("UNER English-EWT dev, exact span, threshold 0.4", scores, 1);
    }

    static String presidio(NamedEntityRecognizer recognizer, Path data) throws IOException {
        JsonNode samples = new ObjectMapper().readTree(data.resolve("pii/presidio-synth-dev.json").toFile());
        List<String> types = List.of(Entities.PERSON, Entities.LOCATION, Entities.ORGANIZATION, Entities.NRP, Entities.TITLE);
        Map<String, Score> exact = new LinkedHashMap<>();
        Map<String, Score> tokens = new LinkedHashMap<>();
        Map<String, Score> absorbed = new LinkedHashMap<>();
        for (String type : types) {
            exact.put(type, new Score());
            tokens.put(type, new Score());
            absorbed.put(type, new Score());
        }
        Analyzer analyzer = new Analyzer(List.of(recognizer));
        for (JsonNode sample : samples) {
            String text = sample.get("full_text").asText();
            List<Finding> gold = new ArrayList<>();
            List<Finding> otherGold = new ArrayList<>();
            for (JsonNode span : sample.get("spans")) {
                String type = span.get("entity_type").asText();
                type = type.equals("GPE") ? Entities.LOCATION : type;
                int start = text.offsetByCodePoints(0, span.get("start_position").asInt());
                int end = text.offsetByCodePoints(0, span.get("end_position").asInt());
                (types.contains(type) ? gold : otherGold).add(new Finding(type, start, end, 1, "gold"));
            }
            List<Finding> predicted = analyzer.analyze(text, AnalysisOptions.DEFAULT);
            Set<String> goldKeys = new HashSet<>();
            gold.forEach(f -> goldKeys.add(f.type() + ":" + f.start() + ":" + f.end()));
            for (Finding f : gold) {
                exact.get(f.type()).gold++;
            }
            for (Finding f : predicted) {
                exact.get(f.type()).predicted++;
                if (goldKeys.contains(f.type() + ":" + f.start() + ":" + f.end())) {
                    exact.get(f.type()).truePositives++;
                }
            }
            for (Finding f : gold) {
                absorbed.get(f.type()).gold++;
            }
            for (Finding f : predicted) {
                if (otherGold.stream().anyMatch(o -> o.contains(f))) {
                    continue; // a street address or other pattern entity that contains it wins in the full analyzer
                }
                absorbed.get(f.type()).predicted++;
                if (goldKeys.contains(f.type() + ":" + f.start() + ":" + f.end())) {
                    absorbed.get(f.type()).truePositives++;
                }
            }
            Tokens words = Tokens.of(text);
            for (int i = 0; i < words.size(); i++) {
                String goldType = typeAt(gold, words.start(i), words.end(i));
                String predictedType = typeAt(predicted, words.start(i), words.end(i));
                if (goldType != null) {
                    tokens.get(goldType).gold++;
                }
                if (predictedType != null) {
                    tokens.get(predictedType).predicted++;
                    if (predictedType.equals(goldType)) {
                        tokens.get(predictedType).truePositives++;
                    }
                }
            }
        }
        return table("presidio-synth-dev, exact span, threshold 0.4", exact, 2) + "\n"
                + table("presidio-synth-dev, exact span, findings inside a gold STREET_ADDRESS (or other non-named entity) not counted",
                        absorbed, 2) + "\n"
                + table("presidio-synth-dev, per token (presidio-research style), threshold 0.4", tokens, 2);
    }

    private static String typeAt(List<Finding> findings, int start, int end) {
        for (Finding f : findings) {
            if (f.start() < end && start < f.end()) {
                return f.type();
            }
        }
        return null;
    }

    private static String table(String title, Map<String, Score> scores, double beta) {
        StringBuilder out = new StringBuilder();
        String f = beta == 1 ? "F1" : "F2";
        out.append("### ").append(title).append("\n\n");
        out.append("| entity | gold | predicted | precision | recall | ").append(f).append(" |\n");
        out.append("|---|---:|---:|---:|---:|---:|\n");
        Score all = new Score();
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            row(out, e.getKey(), e.getValue(), beta);
            all.add(e.getValue());
        }
        row(out, "**all**", all, beta);
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Score s, double beta) {
        out.append(String.format("| %s | %d | %d | %.3f | %.3f | %.3f |%n", name, s.gold, s.predicted, s.precision(),
                s.recall(), s.f(beta)));
    }
}
