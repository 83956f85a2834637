package dev.switchboard.retrieval.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.retrieval.Document;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON Lines ({@code .jsonl}, {@code .ndjson}), one document per line in the BEIR corpus layout:
 * {@code {"_id" or "id", "title"?, "text", "metadata"?}}. The ids are kept as document ids.
 * Metadata values may be strings, numbers, booleans or lists of them (kept as strings). A bad line
 * is reported with its number and the others are read; lines are streamed, so a corpus of any
 * size needs memory for one line only: a line longer than {@code maxLineChars} is skipped as it is
 * read, never held.
 */
final class JsonLinesParser implements DocumentParser {

    private final int maxLineChars;

    JsonLinesParser(int maxLineChars) {
        this.maxLineChars = maxLineChars;
    }

    @Override
    public void parse(Path file, String id, DocumentSink sink) throws IOException {
        try (Reader reader = new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE))) {
            char[] buffer = new char[1 << 16];
            StringBuilder line = new StringBuilder();
            long lineChars = 0; // the line's length, counted on past maxLineChars while the rest is skipped
            long number = 1;
            long read = 0;
            for (int n; (n = reader.read(buffer)) >= 0; ) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    lineChars += append(line, buffer, start, i, lineChars);
                    read += lineChars + 1; // characters: close to bytes for mostly-ASCII corpora
                    sink.read(read);
                    line(line, lineChars, number++, sink);
                    line.setLength(0);
                    lineChars = 0;
                    start = i + 1;
                }
                lineChars += append(line, buffer, start, n, lineChars);
            }
            if (lineChars > 0) {
                sink.read(read + lineChars);
                line(line, lineChars, number, sink);
            }
        }
    }

    /** Appends {@code buffer[from, to)} to the line while it stays within the limit; returns how many characters there were. */
    private int append(StringBuilder line, char[] buffer, int from, int to, long lineChars) {
        if (lineChars + (to - from) <= maxLineChars) {
            line.append(buffer, from, to - from);
        }
        return to - from;
    }

    private void line(StringBuilder line, long chars, long number, DocumentSink sink) {
        String where = "line " + number;
        if (chars > maxLineChars) {
            sink.problem(where, "the line has " + chars + " characters, more than the limit of " + maxLineChars);
            return;
        }
        String text = line.toString();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return;
        }
        try {
            sink.document(document(text));
        } catch (IllegalArgumentException e) {
            sink.problem(where, e.getMessage());
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
