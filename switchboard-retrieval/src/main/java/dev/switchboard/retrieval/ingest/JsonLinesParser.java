package dev.switchboard.retrieval.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.retrieval.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON Lines ({@code .jsonl}, {@code .ndjson}), one document per line in the BEIR corpus layout:
 * {@code {"_id" or "id", "title"?, "text", "metadata"?}}. The ids are kept as document ids.
 * Metadata values may be strings, numbers, booleans or lists of them (kept as strings). A bad line
 * is reported with its number and the others are read; lines are streamed, so a corpus of any
 * size needs memory for one line only (at most {@code maxLineChars}).
 */
final class JsonLinesParser implements DocumentParser {

    private final int maxLineChars;

    JsonLinesParser(int maxLineChars) {
        this.maxLineChars = maxLineChars;
    }

    @Override
    public void parse(Path file, String id, DocumentSink sink) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)), 1 << 16)) {
            long number = 0;
            long read = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                read += line.length() + 1; // characters: close to bytes for mostly-ASCII corpora
                sink.read(read);
                if (line.isBlank()) {
                    continue;
                }
                String where = "line " + number;
                if (line.length() > maxLineChars) {
                    sink.problem(where, "the line has " + line.length() + " characters, more than the limit of " + maxLineChars);
                    continue;
                }
                try {
                    sink.document(document(line));
                } catch (IllegalArgumentException e) {
                    sink.problem(where, e.getMessage());
                }
            }
        }
    }

    static Document document(String line) {
        JsonNode node;
        try {
            node = Json.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return DocumentJson.document(node);
    }
}
