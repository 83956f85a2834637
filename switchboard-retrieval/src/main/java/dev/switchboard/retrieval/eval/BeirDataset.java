package dev.switchboard.retrieval.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A retrieval test set in the BEIR layout: {@code corpus.jsonl} ({@code {_id, title, text}}),
 * {@code queries.jsonl} ({@code {_id, text}}) and {@code qrels/test.tsv}
 * ({@code query-id, corpus-id, score} with a header line). Only judged queries are kept.
 *
 * @param corpus the corpus file, ingested as JSON Lines
 * @param queries query id → text, of the queries that have judgements, in file order
 * @param judgements query id → document id → gain
 */
public record BeirDataset(Path corpus, Map<String, String> queries, Map<String, Map<String, Integer>> judgements) {

    /** @throws IOException when a file is missing or malformed, naming it */
    public static BeirDataset load(Path dir) throws IOException {
        Path corpus = dir.resolve("corpus.jsonl");
        Path queriesFile = dir.resolve("queries.jsonl");
        Path qrels = dir.resolve("qrels").resolve("test.tsv");
        for (Path required : new Path[] {corpus, queriesFile, qrels}) {
            if (!Files.isRegularFile(required)) {
                throw new IOException("missing " + required + " (expected the BEIR layout: corpus.jsonl, queries.jsonl,"
                        + " qrels/test.tsv)");
            }
        }
        Map<String, Map<String, Integer>> judgements = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(qrels, StandardCharsets.UTF_8)) {
            String line = reader.readLine(); // header
            int number = 1;
            for (line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields.length < 3) {
                    throw new IOException(qrels + ":" + number + ": expected query-id, corpus-id, score");
                }
                try {
                    judgements.computeIfAbsent(fields[0].strip(), q -> new LinkedHashMap<>())
                            .put(fields[1].strip(), Integer.parseInt(fields[2].strip()));
                } catch (NumberFormatException e) {
                    throw new IOException(qrels + ":" + number + ": score is not a whole number");
                }
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(queriesFile, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode query = Json.parse(line.getBytes(StandardCharsets.UTF_8));
                String id = query.path("_id").asText();
                if (judgements.containsKey(id)) {
                    queries.put(id, query.path("text").asText());
                }
            }
        }
        judgements.keySet().retainAll(queries.keySet());
        return new BeirDataset(corpus, queries, judgements);
    }
}
