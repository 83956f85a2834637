package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every benchmark shares: where things are, how the processes are started, timeouts. */
final class BenchOptions {

    @Option(names = "--switchboard-jar", paramLabel = "JAR",
            description = "The gateway's fat jar, which runs both the simulator and the gateway. "
                    + "Default: switchboard-server/target/switchboard.jar in the repository.")
    Path switchboardJar;

    @Option(names = "--gateway-jvm", paramLabel = "FLAGS", defaultValue = "",
            description = "JVM flags of the gateway process, one string, e.g. \"-Xmx512m -XX:+UseZGC\" (default: none).")
    String gatewayJvm;

    @Option(names = "--sim-jvm", paramLabel = "FLAGS", defaultValue = "",
            description = "JVM flags of the simulator process (default: none).")
    String simJvm;

    @Option(names = "--sim-port", paramLabel = "N", defaultValue = "0",
            description = "Simulator port; 0 picks a free one (default).")
    int simPort;

    @Option(names = "--gateway-port", paramLabel = "N", defaultValue = "0",
            description = "Gateway port; 0 picks a free one (default).")
    int gatewayPort;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Load generator connect timeout (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Load generator read timeout: a request fails as 'timeout' when no byte arrives for "
                    + "this long (default ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Where the Markdown result file goes. Default: bench/results in the repository.")
    Path resultsDir;

    @Option(names = "--no-results-file", description = "Print results only; write no file (for trying things out).")
    boolean noResultsFile;

    @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class, description = "Period of progress lines on stderr (default ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(names = "--with-limits", paramLabel = "REDIS_URL", arity = "0..1", fallbackValue = "redis://127.0.0.1:6379",
            description = "Run the gateway with tenants, limits and accounting on: requests use a tenant's key with RPM,"
                    + " TPM, concurrency and budget limits (set high enough never to refuse), counted in Redis at"
                    + " REDIS_URL (default redis://127.0.0.1:6379), and every request is priced and written to the usage"
                    + " ledger. Default: off (the master key, no limits).")
    String withLimits;

    @Option(names = "--with-pii", paramLabel = "POLICY", arity = "0..1", fallbackValue = "redact",
            description = "Run the gateway with PII detection on (privacy: { policy: POLICY }: redact, the default,"
                    + " pseudonymize or detect) and send a ~2 KB prompt with personal data in it, the same bytes"
                    + " direct and through the gateway. Default: off (a short prompt, no privacy section).")
    String withPii;

    @Option(names = "--with-guards",
            description = "Run the gateway with every guard on (prompt injection, moderation of input and answer,"
                    + " system-prompt leakage, tool policy; in process, every action flag so nothing is refused) and"
                    + " send a system prompt, a ~2 KB benign user message and one declared tool (tool_choice none),"
                    + " the same bytes direct and through the gateway. With --with-pii too, the user message is the"
                    + " one with personal data. Default: off.")
    boolean withGuards;

    @Option(names = "--observability", paramLabel = "MODE", defaultValue = "default",
            description = "The gateway's observability: default (no observability section: metrics and the request"
                    + " log on, tracing off), off (metrics, tracing and the request log all off: no observe stage),"
                    + " on (metrics, the request log, and every request traced and exported over OTLP/HTTP to a local"
                    + " sink in the bench process). Default: ${DEFAULT-VALUE}.")
    String observability;

    @Option(names = "--keep-work-dir",
            description = "Keep the temporary directory with the gateway config, data dir and process logs.")
    boolean keepWorkDir;

    /** What the gateway runs per request, for result files. */
    String gatewayPipeline() {
        return limitsPipeline() + (withPii == null ? "" : "; PII " + withPii + " of every message (privacy: { policy: "
                + withPii + " }, the server's default recognizers)") + (withGuards ? "; " + BenchGuards.DESCRIPTION : "")
                + "; observability " + observabilityDescription();
    }

    /** The gateway config's {@code privacy:}, {@code guards:} and {@code tools:} sections these options ask for. */
    String safetySections() {
        return (withPii == null ? "" : "privacy: { policy: " + withPii + " }\n")
                + (withGuards ? BenchGuards.CONFIG_SECTIONS : "");
    }

    /** What {@code --observability} turned on, for result files. */
    String observabilityDescription() {
        return switch (observability) {
            case "off" -> "off (metrics, tracing and the request log off)";
            case "on" -> "on (metrics, request log, every request traced: spans exported over OTLP/HTTP to a local sink)";
            default -> "default (metrics and request log on, tracing off)";
        };
    }

    /** The {@code observability:} section of the gateway's config, empty for the default. */
    String observabilitySection(String otlpEndpoint) {
        return switch (observability) {
            case "off" -> "observability: { metrics: { enabled: false }, request_log: { enabled: false } }\n";
            case "on" -> "observability: { tracing: { otlp_endpoint: \"" + otlpEndpoint + "\", sample_ratio: 1.0 } }\n";
            case "default" -> "";
            default -> throw new IllegalArgumentException("--observability must be default, off or on, was '"
                    + observability + "'");
        };
    }

    /** The ~2 KB prompt with personal data sent under {@code --with-pii}: the same every run. */
    static final String PII_PROMPT = new PiiMessages(2026).message(2000);

    /** The ~2 KB benign prompt sent under {@code --with-guards} alone: the same every run. */
    static final String BENIGN_PROMPT = new PiiMessages(2026).benignMessage(2000);

    /**
     * What requests carry: the short prompt; the PII one under {@code --with-pii}; under
     * {@code --with-guards} the benign one (or the PII one with both flags) with the guards'
     * system prompt and declared tool.
     */
    ChatPrompt prompt() {
        String user = withPii != null ? PII_PROMPT : withGuards ? BENIGN_PROMPT : Target.PROMPT;
        return withGuards ? BenchGuards.prompt(user) : ChatPrompt.user(user);
    }

    /** The prompt as result files describe it. */
    String promptDescription() {
        String user;
        if (withPii != null) {
            user = "a " + utf8Bytes(PII_PROMPT) + "-byte chat message with personal data (names, email, phone, card"
                    + " number, IBAN, IP, dates, URL, street address; generated from a fixed seed:"
                    + " `PiiMessages(2026).message(2000)`)";
        } else if (withGuards) {
            user = "a " + utf8Bytes(BENIGN_PROMPT) + "-byte benign chat message (questions and instructions, no"
                    + " personal data; generated from a fixed seed: `PiiMessages(2026).benignMessage(2000)`)";
        } else {
            user = "\"" + Target.PROMPT + "\"";
        }
        return !withGuards ? user : user + ", after a " + utf8Bytes(BenchGuards.SYSTEM_PROMPT) + "-byte system"
                + " message, with one declared tool (" + BenchGuards.TOOL_NAME + ", a JSON Schema of two properties)"
                + " and tool_choice none";
    }

    private static int utf8Bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private String limitsPipeline() {
        return withLimits == null ? "master key; no limits; usage accounted to the embedded SQLite store"
                : "a tenant's virtual key with RPM, TPM, concurrency and budget limits on key and tenant (never reached),"
                + " counted in Redis (" + withLimits + "); usage priced and written behind to the embedded SQLite store";
    }

    Path switchboardJar() {
        return switchboardJar != null ? switchboardJar : repositoryRoot().resolve("switchboard-server/target/switchboard.jar");
    }

    Path resultsDir() {
        return resultsDir != null ? resultsDir : repositoryRoot().resolve("bench/results");
    }

    List<String> gatewayJvmFlags() {
        return split(gatewayJvm);
    }

    List<String> simJvmFlags() {
        return split(simJvm);
    }

    int simPort() {
        return simPort;
    }

    int gatewayPort() {
        return gatewayPort;
    }

    boolean keepWorkDir() {
        return keepWorkDir;
    }

    Target.HttpTimeouts timeouts() {
        return new Target.HttpTimeouts((int) connectTimeout.toMillis(), (int) readTimeout.toMillis());
    }

    private static List<String> split(String flags) {
        String s = flags == null ? "" : flags.strip();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    /**
     * The repository this bench was built in: the bench jar lives in
     * {@code <root>/switchboard-bench/target/}. Falls back to the working directory.
     */
    static Path repositoryRoot() {
        try {
            Path here = Path.of(BenchOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
            for (Path p = here; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("switchboard-bench")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (Exception e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
