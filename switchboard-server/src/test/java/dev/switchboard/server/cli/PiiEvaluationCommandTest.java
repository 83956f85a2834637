package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.guard.pii.patterns.BuiltInRecognizers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard evaluate pii}: exact counts on a small fixture, the report, and bad data files. */
class PiiEvaluationCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        Ticker ticker = () -> now.addAndGet(400_000_000L); // 0.4 s passes at every look at the clock
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:15:30Z"), ZoneOffset.UTC);
        // The pattern recognizers alone, so the expected numbers do not move when the default set grows.
        PiiEvaluationCommand command = new PiiEvaluationCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ticker, clock, () -> "abc1234 (clean)",
                BuiltInRecognizers::all);
        int code = new CommandLine(command).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String fixture() throws URISyntaxException {
        return Path.of(PiiEvaluationCommandTest.class.getResource("/evaluate/pii-fixture.json").toURI()).toString();
    }

    private static String row(String out, String entity) {
        return out.lines().filter(l -> l.startsWith(entity + " ")).findFirst().orElseThrow().replaceAll("\\s+", " ");
    }

    @Test
    void countsEveryEntityAndOverallOnTheFixture() throws Exception {
        Run run = run("--data", fixture());

        assertThat(run.exitCode()).isZero();
        // entity labelled predicted tp fp fn precision recall f2
        assertThat(row(run.out(), "EMAIL_ADDRESS")).isEqualTo("EMAIL_ADDRESS 2 2 2 0 0 1.000 1.000 1.000");
        assertThat(row(run.out(), "CREDIT_CARD")).isEqualTo("CREDIT_CARD 1 1 1 0 0 1.000 1.000 1.000");
        assertThat(row(run.out(), "IBAN_CODE")).isEqualTo("IBAN_CODE 1 1 1 0 0 1.000 1.000 1.000");
        assertThat(row(run.out(), "IP_ADDRESS")).isEqualTo("IP_ADDRESS 1 1 1 0 0 1.000 1.000 1.000");
        assertThat(row(run.out(), "DATE_TIME")).isEqualTo("DATE_TIME 0 1 0 1 0 0.000 – –");
        assertThat(row(run.out(), "PERSON")).isEqualTo("PERSON 1 0 0 0 1 – 0.000 – (no recognizer)");
        // overall: 5 tp, 1 fp (the date), 1 fn (the name): P = R = 5/6, F2 = 5/6
        assertThat(row(run.out(), "overall")).isEqualTo("overall (any type) 6 6 5 1 1 0.833 0.833 0.833");
        assertThat(run.err()).contains("evaluate pii: 3/6 texts, 1.2 s").contains("evaluate pii: done, 6 texts");
    }

    @Test
    void entitiesOptionLimitsBothSidesAndMapsDataSetLabels() throws Exception {
        Run run = run("--data", fixture(), "--entities", "EMAIL,IP_ADDRESS");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
                .containsExactly("EMAIL_ADDRESS", "IP_ADDRESS", "overall");
        assertThat(row(run.out(), "overall")).isEqualTo("overall (any type) 3 3 3 0 0 1.000 1.000 1.000");
    }

    @Test
    void writesAMarkdownReportWithTheRunAndMaskedErrors() throws Exception {
        Path report = dir.resolve("docs/pii-evaluation.md");
        Run run = run("--data", fixture(), "--report", report.toString(), "--errors", "1", "--threshold", "0.5");

        assertThat(run.exitCode()).isZero();
        String md = Files.readString(report);
        assertThat(md).contains("| date (UTC) | 2026-11-28T10:15:30Z |", "| git commit | abc1234 (clean) |",
                "| score threshold | 0.5 |", "6 texts", "## Method", "SpanEvaluator",
                "| **overall (any type)** | 6 | 6 | 5 | 1 | 1 | **0.833** | **0.833** | **0.833** |",
                "| PERSON (no recognizer) | 1 | 0 | 0 | 0 | 1 | – | 0.000 | – |");
        assertThat(md).contains("`./switchboard evaluate pii --data " + fixture() + " --report " + report
                + " --errors 1 --threshold 0.5`");
        // one error shown, its text and every other span masked to its shape
        assertThat(md).contains("The first 1 of 2 per-entity errors")
                .contains("- **FN** PERSON: `` Card dddd dddd dddd dddd expires soon, says ⟦Xxxx Xxxx⟧. ``")
                .doesNotContain("Anna Berg")
                .doesNotContain("4111 1111"); // not "4111" alone: the random temporary path may hold it
    }

    @Test
    void namesTheFileLineAndFieldOfABadSpan() throws IOException {
        Path data = dir.resolve("bad.json");
        Files.writeString(data, """
                [
                  {"full_text": "abc", "spans": []},
                  {"full_text": "hello",
                   "spans": [{"entity_type": "PERSON", "start_position": 0, "end_position": 9}]}
                ]
                """);

        Run run = run("--data", data.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(data + ": line 3: sample 1: spans[0].end_position is 9, outside the text (0..5)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void saysWhenTheDataFileIsMissingOrNotJson() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertThat(run("--data", missing.toString()).err()).contains(missing + ": no such file");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[\n {\"full_text\": \"a\",\n  \"spans\": [}\n]");
        Run run = run("--data", broken.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(broken + ": line 3: not valid JSON");

        Path object = dir.resolve("object.json");
        Files.writeString(object, "{\"full_text\": \"a\"}");
        assertThat(run("--data", object.toString()).err()).contains(object + ": line 1: expected a JSON array");

        Path noText = dir.resolve("no-text.json");
        Files.writeString(noText, "[{\"text\": \"a\", \"spans\": []}]");
        assertThat(run("--data", noText.toString()).err()).contains(noText + ": line 1: sample 0: full_text must be a string");
    }

    @Test
    void isReachableAsEvaluatePiiFromTheTopLevelCommand() {
        CommandLine top = new CommandLine(new SwitchboardCommand());
        assertThat(top.getSubcommands().get("evaluate").getSubcommands()).containsKey("pii");
        assertThat(List.of(top.getSubcommands().get("evaluate").getSubcommands().get("pii").getCommandSpec()
                .findOption("--data").required())).containsExactly(true);
    }
}
