package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.time.Ticker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard ingest} and {@code switchboard query}, offline, on a Lucene store. */
class RetrievalCommandsTest {

    @TempDir
    Path dir;
    private Path config;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeConfig() throws IOException {
        config = dir.resolve("switchboard.yaml");
        Files.writeString(config, "retrieval:\n  default_model: test/hashing-256\n  max_file_bytes: 2KiB\n");
    }

    private int ingest(String... args) {
        IngestCommand command = new IngestCommand(new PrintStream(err, true, StandardCharsets.UTF_8), Ticker.system());
        return new CommandLine(command).execute(args);
    }

    private List<JsonNode> query(String stdin, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryCommand command = new QueryCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(new CommandLine(command).execute(args)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void ingestsABeirCorpusAndAnswersQueriesWithDocumentLevelRunLines() throws IOException {
        Path corpus = dir.resolve("corpus.jsonl");
        Files.writeString(corpus, """
                {"_id": "d1", "title": "Wings", "text": "Aileron flutter of swept wings at transonic speed."}
                {"_id": "d2", "title": "Bread", "text": "Sourdough bread needs a long fermentation."}
                {"_id": "d3", "title": "Engines", "text": "# Intake\\n\\nTurbine intake icing.\\n\\n# Exhaust\\n\\nTurbine exhaust noise."}
                """);
        Files.writeString(dir.resolve("big.txt"), "x ".repeat(2000));
        int status = ingest("--collection", "kb", "--config", config.toString(), "--data-dir", dir.resolve("data").toString(),
                corpus.toString(), dir.resolve("big.txt").toString());
        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(log).isEqualTo(1);
        assertThat(log).contains("ingest: 1 file,")
                .contains("big.txt: the file is 4,000 bytes, larger than the limit of 2,048 bytes (retrieval.max_file_bytes)")
                .contains("ingest: done").contains("3 documents indexed").contains("chunks/s");

        List<JsonNode> lines = query("""
                {"_id": "q1", "text": "turbine noise"}
                {"_id": "q2", "text": "bread fermentation"}
                """, "--collection", "kb", "--top-k", "2", "--mode", "keyword", "--json", "--config", config.toString(),
                "--data-dir", dir.resolve("data").toString());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("_id").asText()).isEqualTo("q1");
        assertThat(lines.get(0).get("results")).hasSize(1).first().satisfies(r -> {
            assertThat(r.get("id").asText()).as("two chunks of d3, one result").isEqualTo("d3");
            assertThat(r.get("score").asDouble()).isPositive();
        });
        assertThat(lines.get(1).at("/results/0/id").asText()).isEqualTo("d2");

        err.reset();
        assertThat(ingest("--collection", "kb", "--config", config.toString(), "--data-dir", dir.resolve("data").toString(),
                corpus.toString())).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("0 documents indexed, 3 unchanged");
    }

    @Test
    void badArgumentsAreReportedWithExitCode2() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        QueryCommand command = new QueryCommand(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(new CommandLine(command).execute("--collection", "nope", "--config", config.toString(), "--data-dir",
                dir.resolve("data").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("collection 'nope' does not exist");
        assertThat(new CommandLine(command).execute("--collection", "kb", "--mode", "fuzzy")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--mode must be");
    }
}
