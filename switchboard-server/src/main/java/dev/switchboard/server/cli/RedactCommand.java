package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.guard.redact.PrivacyPolicy;
import dev.switchboard.server.AdminAccess;
import dev.switchboard.server.privacy.Privacy;
import dev.switchboard.server.privacy.RedactApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard redact}: redacts texts from stdin to stdout, offline, with the recognizers and
 * policies of the config. With {@code --json}, each input line is a {@code /v1/redact} request
 * ({@code {"text": ...}}) and each output line its answer, or an {@code error} object for a line that
 * could not be redacted; otherwise each line is a plain text and the output its redacted text.
 */
@Command(name = "redact", description = "Redact personal data from texts on stdin (offline, no server needed).",
        mixinStandardHelpOptions = true, sortOptions = false)
final class RedactCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Read and write JSON lines: {\"text\": ...} in, {\"text\", \"entities\"} out.")
    boolean json;

    @Option(names = "--entities", split = ",", paramLabel = "TYPE[,TYPE...]",
            description = "Only these entity types (default: those of the config, else all).")
    List<String> entities;

    @Option(names = "--operator", paramLabel = "NAME",
            description = "replace, redact, mask, hash, encrypt or pseudonymize for every type (default: the"
                    + " config's operators).")
    String operator;

    @Option(names = "--threshold", paramLabel = "SCORE", description = "Least score of a finding, 0 to 1.")
    Double threshold;

    @Option(names = "--tenant", paramLabel = "NAME", description = "Use this tenant's privacy settings.")
    String tenant;

    @Option(names = "--return-text", description = "Include the found text in each entity (--json only).")
    boolean returnText;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose privacy section to use"
            + " (default: the built-in config).")
    Path config;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;

    RedactCommand() {
        this(System.in, System.out, System.err, Ticker.system());
    }

    RedactCommand(InputStream in, PrintStream out, PrintStream err, Ticker ticker) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.ticker = ticker;
    }

    @Override
    public Integer call() {
        Privacy privacy;
        try {
            ConfigLoader loader = AdminAccess.configLoader(System.getenv());
            SwitchboardConfig loaded = config != null ? loader.load(config) : loader.loadDefault();
            privacy = Privacy.from(loaded.privacy(), new SecureRandom());
        } catch (ConfigException e) {
            err.println("switchboard: the config cannot be used:");
            err.println(e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        }
        PrivacyPolicy policy = privacy.policies().forTenant(tenant);
        Progress progress = new Progress(err, ticker);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                boolean ok = process(line, progress.lines() + 1, privacy, policy);
                progress.count(ok);
            }
        } catch (IOException e) {
            err.println("switchboard: cannot read stdin: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            progress.finish();
        }
        return progress.errors() == 0 ? 0 : 1;
    }

    /** Redacts one line and writes its output line; false when the line could not be redacted. */
    private boolean process(String line, long number, Privacy privacy, PrivacyPolicy policy) {
        try {
            ObjectNode request = json ? request(line) : Json.object().put("text", line);
            if (entities != null && !request.has("entities")) {
                request.set("entities", Json.MAPPER.valueToTree(entities));
            }
            if (operator != null && !request.has("operator")) {
                request.put("operator", operator);
            }
            if (threshold != null && !request.has("threshold")) {
                request.put("threshold", threshold);
            }
            if (returnText && json) {
                request.put("return_text", true);
            }
            ObjectNode answer = RedactApi.redact(request, privacy, policy, true);
            if (json) {
                out.println(Json.string(answer));
            } else {
                out.println(answer.get("text").textValue());
            }
            return true;
        } catch (ApiException e) {
            return failed(number, e.error());
        } catch (RuntimeException e) {
            // the line itself stays out of the message: it is the personal data being redacted
            return failed(number, new ApiError(500, "server_error", "internal_error", null,
                    "The line could not be redacted: " + e.getClass().getSimpleName()));
        }
    }

    private boolean failed(long number, ApiError error) {
        ObjectNode object = error.toJson();
        object.put("line", number);
        out.println(json ? Json.string(object) : "");
        err.println("switchboard: line " + number + ": " + error.message());
        return false;
    }

    private static ObjectNode request(String line) {
        JsonNode node;
        try {
            node = Json.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(new ApiError(400, "invalid_request_error", "invalid_json", null,
                    "The line is not JSON; each line must be an object such as {\"text\": \"...\"}."));
        }
        if (node instanceof TextNode text) {
            return Json.object().put("text", text.textValue());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ApiException(new ApiError(400, "invalid_request_error", "invalid_json", null,
                    "Each line must be a JSON object such as {\"text\": \"...\"}."));
        }
        return object;
    }

    /** Lines done and their rate, on stderr at most once a second, and once at the end. */
    private static final class Progress {
        private static final long INTERVAL_NANOS = 1_000_000_000L;

        private final PrintStream err;
        private final Ticker ticker;
        private final long start;
        private long lastReport;
        private long lines;
        private long errors;

        Progress(PrintStream err, Ticker ticker) {
            this.err = err;
            this.ticker = ticker;
            this.start = ticker.read();
            this.lastReport = start;
        }

        void count(boolean ok) {
            lines++;
            if (!ok) {
                errors++;
            }
            long now = ticker.read();
            if (now - lastReport >= INTERVAL_NANOS) {
                lastReport = now;
                err.println(line("redact: ", now));
            }
        }

        void finish() {
            err.println(line("redact: done, ", ticker.read()));
        }

        long lines() {
            return lines;
        }

        long errors() {
            return errors;
        }

        private String line(String prefix, long now) {
            double seconds = Math.max(1e-9, (now - start) / 1e9);
            return prefix + lines + " lines (" + errors + " failed) in " + String.format(java.util.Locale.ROOT, "%.1f", seconds) + " s, "
                    + Math.round(lines / seconds) + " lines/s";
        }
    }
}
