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
import dev.switchboard.guard.injection.InjectionVerdict;
import dev.switchboard.guard.safety.GuardPolicy;
import dev.switchboard.guard.safety.GuardUnavailableException;
import dev.switchboard.server.AdminAccess;
import dev.switchboard.server.guard.Guards;
import dev.switchboard.server.guard.ModerationsApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard classify --guard injection|moderation}: scores texts from stdin, offline, with
 * the guards of the config (built-in models unless the config names a remote classifier). With
 * {@code --json} each input line is {@code {"text": ...}} (or a JSON string); otherwise each line is
 * a text. Per line out: for injection {@code {"flagged", "score", "families", "source"}}, for
 * moderation an OpenAI moderation result {@code {"flagged", "categories", "category_scores", ...}};
 * a line that cannot be classified gets an {@code error} object. Progress on stderr.
 */
@Command(name = "classify", description = "Score texts on stdin for prompt injection or harmful content (offline).",
        mixinStandardHelpOptions = true, sortOptions = false)
final class ClassifyCommand implements Callable<Integer> {

    enum Guard { injection, moderation }

    @Option(names = "--guard", required = true, paramLabel = "GUARD", description = "injection or moderation.")
    Guard guard;

    @Option(names = "--json", description = "Read JSON lines {\"text\": ...} instead of plain text lines.")
    boolean json;

    @Option(names = "--threshold", paramLabel = "SCORE",
            description = "Flag at or above this score, 0 to 1 (default: the config's guard threshold, 0.5).")
    Double threshold;

    @Option(names = "--tenant", paramLabel = "NAME", description = "Use this tenant's guard settings.")
    String tenant;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose guards section to use"
            + " (default: the built-in config).")
    Path config;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Ticker ticker;

    ClassifyCommand() {
        this(System.in, System.out, System.err, Ticker.system());
    }

    ClassifyCommand(InputStream in, PrintStream out, PrintStream err, Ticker ticker) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.ticker = ticker;
    }

    @Override
    public Integer call() {
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            err.println("switchboard: --threshold must be between 0 and 1, was " + threshold);
            return 2;
        }
        GuardPolicy policy;
        try {
            ConfigLoader loader = AdminAccess.configLoader(System.getenv());
            SwitchboardConfig loaded = config != null ? loader.load(config) : loader.loadDefault();
            policy = Guards.from(loaded.guards()).policies().forTenant(tenant);
        } catch (ConfigException e) {
            err.println("switchboard: the config cannot be used:");
            err.println(e.getMessage());
            return 2;
        }
        if (threshold != null) {
            policy = withThreshold(policy, threshold);
        }
        LineProgress progress = new LineProgress(err, ticker, "classify " + guard);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                progress.count(process(line, progress.lines() + 1, policy));
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

    private boolean process(String line, long number, GuardPolicy policy) {
        try {
            String text = json ? text(line) : line;
            ObjectNode answer;
            if (guard == Guard.injection) {
                InjectionVerdict verdict = policy.injectionScorer().score(text);
                answer = Json.object();
                answer.put("flagged", verdict.score() >= policy.injectionThreshold());
                answer.put("score", Math.round(verdict.score() * 1e6) / 1e6);
                answer.set("families", Json.MAPPER.valueToTree(verdict.families()));
                answer.put("source", verdict.source());
            } else {
                answer = ModerationsApi.result(policy.moderationScorer().score(text), policy);
            }
            out.println(Json.string(answer));
            return true;
        } catch (ApiException e) {
            return failed(number, e.error());
        } catch (GuardUnavailableException e) {
            return failed(number, new ApiError(503, "server_error", "guard_unavailable", null, e.getMessage()));
        } catch (RuntimeException e) {
            return failed(number, new ApiError(500, "server_error", "internal_error", null,
                    "The line could not be classified: " + e.getClass().getSimpleName()));
        }
    }

    private boolean failed(long number, ApiError error) {
        ObjectNode object = error.toJson();
        object.put("line", number);
        out.println(Json.string(object));
        err.println("switchboard: line " + number + ": " + error.message());
        return false;
    }

    private static String text(String line) {
        JsonNode node;
        try {
            node = Json.parse(line.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(new ApiError(400, "invalid_request_error", "invalid_json", null,
                    "The line is not JSON; each line must be an object such as {\"text\": \"...\"}."));
        }
        if (node instanceof TextNode text) {
            return text.textValue();
        }
        if (node instanceof ObjectNode object && object.path("text").isTextual()) {
            return object.get("text").textValue();
        }
        throw new ApiException(new ApiError(400, "invalid_request_error", "invalid_json", "text",
                "Each line must be an object with a string 'text', such as {\"text\": \"...\"}."));
    }

    private static GuardPolicy withThreshold(GuardPolicy p, double threshold) {
        java.util.Map<dev.switchboard.guard.moderation.ModerationCategory, Double> thresholds =
                new java.util.EnumMap<>(dev.switchboard.guard.moderation.ModerationCategory.class);
        dev.switchboard.guard.moderation.ModerationCategory.all().forEach(c -> thresholds.put(c, threshold));
        return new GuardPolicy(p.injection(), threshold, p.injectionRoles(), p.injectionScorer(), p.injectionFailClosed(),
                p.moderationInput(), p.moderationOutput(), thresholds, p.moderationScorer(), p.moderationFailClosed(),
                p.leakage(), p.leakageThreshold());
    }

    /** Lines done and their rate, on stderr at most once a second, and once at the end. */
    static final class LineProgress {
        private static final long INTERVAL_NANOS = 1_000_000_000L;

        private final PrintStream err;
        private final Ticker ticker;
        private final String name;
        private final long start;
        private long lastReport;
        private long lines;
        private long errors;

        LineProgress(PrintStream err, Ticker ticker, String name) {
            this.err = err;
            this.ticker = ticker;
            this.name = name;
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
                err.println(line(name + ": ", now));
            }
        }

        void finish() {
            err.println(line(name + ": done, ", ticker.read()));
        }

        long lines() {
            return lines;
        }

        long errors() {
            return errors;
        }

        private String line(String prefix, long now) {
            double seconds = Math.max(1e-9, (now - start) / 1e9);
            return prefix + lines + " lines (" + errors + " failed) in " + String.format(Locale.ROOT, "%.1f", seconds)
                    + " s, " + Math.round(lines / seconds) + " lines/s";
        }
    }
}
