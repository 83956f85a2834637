package dev.switchboard.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code schema}: single-thread cost of the JSON Schema work the gateway does per request with tools
 * or a {@code json_schema} response format — compiling the request's schemas, checking an answer —
 * and of hostile inputs (a backtracking-prone pattern, a schema whose checking explodes until the
 * step budget stops it). The validator is loaded from the server's fat jar in its own class loader,
 * as {@code pii} loads the analyzer.
 */
@Command(name = "schema", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Single-thread cost of compiling request schemas and checking answers, and of hostile schemas.")
final class SchemaCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Measured time of each workload (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Unmeasured run of each workload before it is measured, for the JIT (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--switchboard-jar", paramLabel = "JAR",
            description = "The server's fat jar. Default: switchboard-server/target/switchboard.jar in the repository.")
    Path switchboardJar;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Where the Markdown result file goes. Default: bench/results in the repository.")
    Path resultsDir;

    @Option(names = "--no-results-file", description = "Print results only; write no file.")
    boolean noResultsFile;

    /** Three tools in the style frameworks generate (pydantic: $defs, $ref, anyOf with null, enums, formats). */
    static final String TOOLS = """
            [{"type":"object","title":"SearchFlights","properties":{
               "origin":{"type":"string","pattern":"^[A-Z]{3}$"},"destination":{"type":"string","pattern":"^[A-Z]{3}$"},
               "date":{"type":"string","format":"date"},"return_date":{"anyOf":[{"type":"string","format":"date"},{"type":"null"}]},
               "passengers":{"type":"array","items":{"$ref":"#/$defs/Passenger"},"minItems":1,"maxItems":9},
               "cabin":{"enum":["economy","premium","business","first"]},"max_price":{"type":"number","minimum":0}},
              "required":["origin","destination","date","passengers"],"additionalProperties":false,
              "$defs":{"Passenger":{"type":"object","properties":{"name":{"type":"string","minLength":1},
                 "age":{"type":"integer","minimum":0,"maximum":130},"loyalty_id":{"type":["string","null"]}},
                 "required":["name","age"],"additionalProperties":false}}},
             {"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]},
              "days":{"type":"integer","minimum":1,"maximum":14}},"required":["city"]},
             {"type":"object","properties":{"query":{"type":"string","maxLength":500},
              "filters":{"type":"object","additionalProperties":{"type":"string"}},"limit":{"type":"integer","default":10}},
              "required":["query"]}]""";

    static final String VALID_ANSWER = """
            {"origin":"OSL","destination":"LIS","date":"2026-05-01","return_date":null,
             "passengers":[{"name":"Ada Lovelace","age":36,"loyalty_id":"X1"},{"name":"Charles Babbage","age":45,"loyalty_id":null},
                           {"name":"Mary Somerville","age":52,"loyalty_id":null},{"name":"Alan Turing","age":41,"loyalty_id":"T9"}],
             "cabin":"economy","max_price":800.5}""";

    static final String INVALID_ANSWER = """
            {"origin":"Oslo","destination":"LIS","date":"May 1st","return_date":"soon",
             "passengers":[{"name":"Ada Lovelace","age":"36"},{"age":45},{"name":"","age":-1,"vip":true}],
             "cabin":"coach","max_price":-1,"notes":"window seats"}""";

    private record Loaded(MethodHandle parse, MethodHandle compile, MethodHandle validateText, Object cache,
                          MethodHandle cached) {
        Object compileCached(Object schema) throws Throwable {
            return cached.invoke(cache, schema);
        }

        Object json(String text) throws Throwable {
            return parse.invoke(text.getBytes(StandardCharsets.UTF_8));
        }

        Object compile(Object schema) throws Throwable {
            return compile.invoke(schema);
        }

        List<?> validate(Object schema, String text) throws Throwable {
            return (List<?>) validateText.invoke(schema, text);
        }
    }

    @FunctionalInterface
    private interface Work {
        int run() throws Throwable;
    }

    @Override
    public Integer call() throws Exception {
        Path jar = switchboardJar != null ? switchboardJar
                : BenchOptions.repositoryRoot().resolve("switchboard-server/target/switchboard.jar");
        if (!Files.isRegularFile(jar)) {
            System.err.println("schema: server jar not found: " + jar + " (build it with ./mvnw -B -q -DskipTests package)");
            return 2;
        }
        Report report = BenchRun.newReport("schema", "JSON Schema compile and check, one thread", Instant.now());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Loaded v = load(loader);
            Map<String, String> setup = new LinkedHashMap<>();
            setup.put("switchboard jar", jar + " (built " + Files.getLastModifiedTime(jar) + ")");
            setup.put("source", SourceVersion.describe(BenchOptions.repositoryRoot()));
            setup.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", flags "
                    + ManagementFactory.getRuntimeMXBean().getInputArguments());
            setup.put("phases", "each workload: " + DurationConverter.format(warmup) + " warm-up, then "
                    + DurationConverter.format(duration) + " measured, on one thread");
            report.headerSection("Setup", setup);

            Object flights = v.compile(((Iterable<?>) v.json(TOOLS)).iterator().next());
            Object pattern = v.compile(v.json("{\"pattern\":\"^(a+)+$\"}"));
            String attack = "\"" + "a".repeat(100_000) + "!\"";
            // 40 levels, each with two alternatives referring to the next: 2^40 paths in ~120 subschemas
            StringBuilder defs = new StringBuilder("{\"$ref\":\"#/$defs/l0\",\"$defs\":{");
            for (int i = 0; i < 40; i++) {
                String next = "{\"$ref\":\"#/$defs/l" + (i + 1) + "\"}";
                defs.append("\"l").append(i).append("\":{\"oneOf\":[").append(next).append(",{\"allOf\":[")
                        .append(next).append("],\"minimum\":0}]},");
            }
            defs.append("\"l40\":{\"type\":\"integer\"}}}");
            String nested = defs.toString();
            Object explosive = v.compile(v.json(nested));
            int invalidCount = v.validate(flights, INVALID_ANSWER).size();
            if (!v.validate(flights, VALID_ANSWER).isEmpty() || invalidCount == 0) {
                throw new IllegalStateException("the sample answers do not behave as expected");
            }
            Map<String, Work> workloads = new LinkedHashMap<>();
            workloads.put("compile the 3 tool schemas of a request (" + TOOLS.length() + " chars of JSON, parsed)", () -> {
                int n = 0;
                for (Object tool : (Iterable<?>) v.json(TOOLS)) {
                    n += v.compile(tool) != null ? 1 : 0;
                }
                return n;
            });
            workloads.put("the same 3 tool schemas again, as the gateway gets them (parsed, SchemaCache hit)", () -> {
                int n = 0;
                for (Object tool : (Iterable<?>) v.json(TOOLS)) {
                    n += v.compileCached(tool) != null ? 1 : 0;
                }
                return n;
            });
            workloads.put("check a valid answer (" + VALID_ANSWER.length() + " chars, 4 passengers)",
                    () -> v.validate(flights, VALID_ANSWER).size());
            workloads.put("check an invalid answer (" + invalidCount + " violations reported, messages built)",
                    () -> v.validate(flights, INVALID_ANSWER).size());
            workloads.put("hostile: pattern ^(a+)+$ on 100,000 a's and a '!' (RE2/J)",
                    () -> v.validate(pattern, attack).size());
            workloads.put("hostile: 40 levels of oneOf (2^40 paths) checked until the step budget (200,000) stops it",
                    () -> v.validate(explosive, "\"x\"").size());

            report.heading("Results");
            MarkdownTable table = new MarkdownTable("workload", ">operations", ">per second", ">p50 µs", ">p99 µs",
                    ">max µs");
            for (Map.Entry<String, Work> workload : workloads.entrySet()) {
                run(workload.getValue(), warmup);
                Histogram h = run(workload.getValue(), duration);
                System.err.printf(java.util.Locale.ROOT, "schema: %s: p50 %.1f µs, p99 %.1f µs%n", workload.getKey(),
                        h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3);
                table.row(workload.getKey(), h.getTotalCount(),
                        Report.number(h.getTotalCount() / (duration.toNanos() / 1e9), 0),
                        us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)), us(h.getMaxValue()));
            }
            report.table(table);
            report.paragraph("Each operation is timed alone on one thread (System.nanoTime around it); other work on"
                    + " the machine shows up in p99 and max.");
        } catch (Throwable t) {
            if (t instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
        BenchRun.finish(report, noResultsFile, resultsDir != null ? resultsDir
                : BenchOptions.repositoryRoot().resolve("bench/results"));
        return 0;
    }

    private static Loaded load(ClassLoader loader) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> json = Class.forName("dev.switchboard.core.json.Json", true, loader);
        Class<?> node = Class.forName("com.fasterxml.jackson.databind.JsonNode", true, loader);
        Class<?> schema = Class.forName("dev.switchboard.guard.schema.JsonSchema", true, loader);
        MethodHandle parse = lookup.findStatic(json, "parse", MethodType.methodType(node, byte[].class))
                .asType(MethodType.methodType(Object.class, byte[].class));
        MethodHandle compile = lookup.findStatic(schema, "compile", MethodType.methodType(schema, node))
                .asType(MethodType.methodType(Object.class, Object.class));
        MethodHandle validate = lookup.findVirtual(schema, "validateText", MethodType.methodType(List.class, String.class))
                .asType(MethodType.methodType(List.class, Object.class, String.class));
        Class<?> cacheClass = Class.forName("dev.switchboard.guard.schema.SchemaCache", true, loader);
        Object cache = cacheClass.getMethod("defaults").invoke(null);
        MethodHandle cached = lookup.findVirtual(cacheClass, "compile", MethodType.methodType(schema, node))
                .asType(MethodType.methodType(Object.class, Object.class, Object.class));
        return new Loaded(parse, compile, validate, cache, cached);
    }

    private static Histogram run(Work work, Duration length) throws Throwable {
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        long end = System.nanoTime() + length.toNanos();
        int sink = 0;
        for (long now = System.nanoTime(); now < end; ) {
            sink += work.run();
            long after = System.nanoTime();
            latency.recordValue(after - now);
            now = after;
        }
        if (sink == 42) {
            System.err.print(""); // keeps the results alive for the JIT
        }
        return latency;
    }

    private static String us(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e3);
    }
}
