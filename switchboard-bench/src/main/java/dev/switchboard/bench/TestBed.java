package dev.switchboard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The simulator and the gateway, each in its own JVM started from the server's fat jar, the
 * gateway configured with one model ("bench") served by the simulator. Closing stops both and
 * deletes the work directory (config, data dir, logs) unless asked to keep it.
 */
final class TestBed implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String GATEWAY_MODEL = "bench";
    static final String DIRECT_MODEL = "sim";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private final BenchOptions options;
    private final Path workDir;
    private final String masterKey;
    private String requestKey;
    private final List<ChildProcess> children = new ArrayList<>();
    private int simPort;
    private int gatewayPort;
    private ChildProcess simulator;
    private ChildProcess gateway;
    private boolean failed;
    private JarFacts jarFacts;
    private OtlpSink otlpSink;
    private String guardsCheck;

    /** Which build ran: the original jar's path and time, and a digest of the copy that was run. */
    record JarFacts(Path original, java.time.Instant modified, long bytes, String sha256) {
        static JarFacts of(Path original, Path copy) throws IOException {
            try {
                java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
                try (java.io.InputStream in = Files.newInputStream(copy)) {
                    byte[] buffer = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                    }
                }
                return new JarFacts(original, Files.getLastModifiedTime(original).toInstant(), Files.size(copy),
                        HexFormat.of().formatHex(digest.digest()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return original + " (built " + modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", " + bytes
                    + " bytes, sha-256 " + sha256.substring(0, 16) + "…; a private copy was run)";
        }
    }

    private TestBed(BenchOptions options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        this.masterKey = "sk-bench-" + HexFormat.of().formatHex(key);
    }

    /**
     * Starts the simulator with {@code simArgs} (e.g. {@code --tokens-per-second 50}), then the
     * gateway, and waits until both answer {@code GET /health}.
     */
    static TestBed start(BenchOptions options, List<String> simArgs, PrintStream log) throws IOException {
        Path jar = options.switchboardJar();
        if (!Files.isRegularFile(jar)) {
            throw new IOException("gateway fat jar not found: " + jar
                    + " (build it with ./mvnw -B -q -DskipTests package, or pass --switchboard-jar)");
        }
        TestBed bed = new TestBed(options, Files.createTempDirectory("switchboard-bench-"));
        try {
            bed.launch(jar, simArgs, log);
            return bed;
        } catch (IOException | RuntimeException e) {
            bed.failed = true;
            bed.close();
            throw e;
        }
    }

    private void launch(Path originalJar, List<String> simArgs, PrintStream log) throws IOException {
        // Run a private copy: a rebuild of the original during a long run must not pull classes from under the JVMs.
        Path jar = workDir.resolve("switchboard.jar");
        Files.copy(originalJar, jar);
        jarFacts = JarFacts.of(originalJar, jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        simPort = options.simPort() != 0 ? options.simPort() : freePort();
        List<String> sim = new ArrayList<>();
        sim.add(java);
        sim.addAll(options.simJvmFlags());
        sim.addAll(List.of("-jar", jar.toString(), "sim", "--host", HOST, "--port", Integer.toString(simPort)));
        sim.addAll(simArgs);
        log.println("starting simulator: " + String.join(" ", sim));
        simulator = ChildProcess.start("simulator", sim, Map.of(), workDir.resolve("simulator.log"));
        children.add(simulator);
        simulator.awaitHealthy(HOST, simPort, STARTUP_TIMEOUT);

        gatewayPort = options.gatewayPort() != 0 ? options.gatewayPort() : freePort();
        if ("on".equals(options.observability)) {
            otlpSink = new OtlpSink(HOST);
            log.println("OTLP sink for the gateway's spans at " + otlpSink.endpoint());
        }
        Path config = workDir.resolve("switchboard-bench.yaml");
        Files.writeString(config, gatewayConfig(options, simPort, otlpSink == null ? null : otlpSink.endpoint()));
        List<String> gw = new ArrayList<>();
        gw.add(java);
        gw.addAll(options.gatewayJvmFlags());
        gw.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString(),
                "--port", Integer.toString(gatewayPort), "--data-dir", workDir.resolve("data").toString()));
        log.println("starting gateway:   " + String.join(" ", gw));
        gateway = ChildProcess.start("gateway", gw, Map.of("SWITCHBOARD_MASTER_KEY", masterKey),
                workDir.resolve("gateway.log"));
        children.add(gateway);
        gateway.awaitHealthy(HOST, gatewayPort, STARTUP_TIMEOUT);
        if (!gateway.logContains("Switchboard is listening")) {
            log.println("note: gateway answers /health but its banner is not in " + workDir.resolve("gateway.log"));
        }
        if (options.withLimits != null) {
            requestKey = LimitedKey.create(HOST, gatewayPort, masterKey);
            log.println("created tenant 'bench' and a key with limits; requests through the gateway use it");
        }
        if (options.withGuards) {
            guardsCheck = BenchGuards.check(HOST, gatewayPort, requestKey != null ? requestKey : masterKey,
                    options.prompt());
            log.println("guards: " + guardsCheck);
        }
        log.println("simulator (pid " + simulator.pid() + ") on port " + simPort + ", gateway (pid " + gateway.pid()
                + ") on port " + gatewayPort + "; logs in " + workDir);
    }

    /**
     * The gateway's config: model {@value #GATEWAY_MODEL} served by the simulator at {@code simPort},
     * and the sections the options ask for (limits, privacy, guards and tools, observability).
     *
     * @param otlpEndpoint the span sink under {@code --observability on}, else null
     */
    static String gatewayConfig(BenchOptions options, int simPort, String otlpEndpoint) {
        return """
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                providers:
                  sim: { type: openai, base_url: http://%s:%d/v1 }
                models:
                  - name: %s
                    deployments: [{ provider: sim, model: %s }]
                """.formatted(HOST, simPort, GATEWAY_MODEL, DIRECT_MODEL) + (options.withLimits == null ? "" : """
                redis: { url: "%s" }
                pricing:
                  %s: { input: 0.15, cached_input: 0.075, output: 0.60 }
                """.formatted(options.withLimits, DIRECT_MODEL)) + options.safetySections()
                + options.observabilitySection(otlpEndpoint);
    }

    /** Requests straight to the simulator. */
    Target direct(boolean stream, Target.HttpTimeouts timeouts) {
        return Target.chatCompletions("direct", HOST, simPort, DIRECT_MODEL, stream, null, timeouts,
                options.prompt());
    }

    /** Requests through the gateway, with the master key or, with {@code --with-limits}, a tenant's key. */
    Target gateway(boolean stream, Target.HttpTimeouts timeouts) {
        return Target.chatCompletions("gateway", HOST, gatewayPort, GATEWAY_MODEL, stream,
                requestKey != null ? requestKey : masterKey, timeouts, options.prompt());
    }

    JarFacts jar() {
        return jarFacts;
    }

    ChildProcess simulatorProcess() {
        return simulator;
    }

    ChildProcess gatewayProcess() {
        return gateway;
    }

    /** Process ids by name: "bench" (this JVM), "sim", "gateway". */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("bench", ProcessHandle.current().pid());
        pids.put("sim", simulator.pid());
        pids.put("gateway", gateway.pid());
        return pids;
    }

    /** Marks the run as failed, so the work directory (with the logs) is kept for inspection. */
    void markFailed() {
        failed = true;
    }

    Path workDir() {
        return workDir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** What the pre-flight check of {@code --with-guards} saw, for result files; null without it. */
    String guardsCheck() {
        return guardsCheck;
    }

    /** What the OTLP sink received, for result files; null without {@code --observability on}. */
    String otlpReceived() {
        return otlpSink == null ? null : otlpSink.exports() + " OTLP exports, " + otlpSink.bytes() + " bytes";
    }

    @Override
    public void close() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
        if (otlpSink != null) {
            otlpSink.close();
        }
        if (failed || options.keepWorkDir()) {
            System.err.println("logs and config kept in " + workDir);
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + workDir + ": " + e.getMessage());
        }
    }
}
