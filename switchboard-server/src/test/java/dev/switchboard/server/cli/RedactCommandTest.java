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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard redact}: JSON lines in and out, offline, with the config's recognizers. */
class RedactCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, List<String> out, String err) {
    }

    private Run run(String input, String... args) throws IOException {
        Path config = dir.resolve("switchboard.yaml");
        Files.writeString(config, """
                privacy:
                  recognizers:
                    - { name: people, type: deny_list, entity: PERSON, words: [Alice Smith, Bob Jones] }
                    - { name: email, type: regex, entity: EMAIL_ADDRESS, pattern: "[a-z.]+@[a-z]+\\\\.[a-z]+" }
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Ticker ticker = () -> now.addAndGet(400_000_000L); // 0.4 s passes at every look at the clock
        RedactCommand command = new RedactCommand(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                ticker);
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        int code = new CommandLine(command).execute(all.toArray(String[]::new));
        String printed = out.toString(StandardCharsets.UTF_8);
        return new Run(code, printed.isEmpty() ? List.of() : List.of(printed.split("\n")),
                err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String line) throws IOException {
        return Json.MAPPER.readTree(line);
    }

    @Test
    void redactsEachJsonLineAndReportsABadLineWithoutStopping() throws IOException {
        Run run = run("""
                {"text": "Alice Smith wrote to bob@example.com"}
                {"txt": "typo"}
                not json at all
                {"text": "Bob Jones", "operator": "pseudonymize"}
                """, "--json");

        assertThat(run.out()).hasSize(4);
        JsonNode first = json(run.out().get(0));
        assertThat(first.get("text").asText()).isEqualTo("<PERSON> wrote to <EMAIL_ADDRESS>");
        assertThat(first.get("entities")).hasSize(2);
        assertThat(first.at("/entities/1/start").asInt()).isEqualTo(21);
        assertThat(json(run.out().get(1)).at("/error/param").asText()).isEqualTo("txt");
        assertThat(json(run.out().get(1)).get("line").asInt()).isEqualTo(2);
        assertThat(json(run.out().get(2)).at("/error/code").asText()).isEqualTo("invalid_json");
        assertThat(json(run.out().get(3)).get("text").asText()).isEqualTo("<PERSON_1>");
        assertThat(run.exitCode()).as("some lines failed").isEqualTo(1);
        assertThat(run.err()).contains("line 2:", "line 3:").contains("lines/s")
                .contains("redact: done, 4 lines (2 failed)");
    }

    @Test
    void optionsChooseEntitiesOperatorAndFoundText() throws IOException {
        Run run = run("{\"text\": \"Alice Smith, bob@example.com\"}\n", "--json", "--entities", "EMAIL_ADDRESS",
                "--operator", "redact", "--return-text");

        JsonNode answer = json(run.out().get(0));
        assertThat(answer.get("text").asText()).isEqualTo("Alice Smith, ");
        assertThat(answer.at("/entities/0/text").asText()).isEqualTo("bob@example.com");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void plainLinesGivePlainRedactedLines() throws IOException {
        Run run = run("Call Bob Jones\nnothing here\n");

        assertThat(run.out()).containsExactly("Call <PERSON>", "nothing here");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void anUnusableConfigStopsWithItsProblems() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "privacy:\n  policy: scramble\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RedactCommand command = new RedactCommand(new ByteArrayInputStream(new byte[0]), new PrintStream(
                new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), Ticker.system());

        assertThat(new CommandLine(command).execute("--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("privacy.policy", "scramble");
    }
}
