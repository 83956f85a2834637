package dev.switchboard.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.switchboard.core.time.Sleeper;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A real gateway on an ephemeral port, configured from a YAML text, with simulators as upstreams;
 * plus the clients tests use: the official OpenAI Java SDK and a plain JDK HTTP client for raw
 * requests.
 */
final class GatewayFixture implements AutoCloseable {

    static final String KEY = "sk-test-0123456789abcdef";

    final Path dir;
    final Path configFile;
    final Gateway gateway;
    final ByteArrayOutputStream output;
    /** Every backoff the gateway waited, in order. */
    final List<Duration> sleeps;
    private final List<Simulator> simulators;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayFixture(Path dir, Path configFile, Gateway gateway, ByteArrayOutputStream output,
                           List<Simulator> simulators, List<Duration> sleeps) {
        this.sleeps = sleeps;
        this.dir = dir;
        this.configFile = configFile;
        this.gateway = gateway;
        this.output = output;
        this.simulators = simulators;
    }

    /** A simulator answering at once; closed with the fixture when passed to {@link #start}. */
    static Simulator simulator() {
        return Simulator.start(SimulatorConfig.builder().build());
    }

    static Simulator simulator(SimulatorConfig.Builder config) {
        return Simulator.start(config.build());
    }

    /**
     * Starts a gateway whose config is {@code yaml}, in which {@code ${simN}} stands for the base URL
     * of {@code simulators[N]}; the master key is {@link #KEY}.
     */
    static GatewayFixture start(String yaml, Simulator... simulators) {
        try {
            return start(Files.createTempDirectory("switchboard-test"), yaml, simulators);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #start(String, Simulator...)}, in {@code dir} (its {@code data} holds the store). */
    static GatewayFixture start(Path dir, String yaml, Simulator... simulators) {
        return start(dir, null, yaml, simulators);
    }

    /** Like {@link #start(String, Simulator...)}, tracing every request into {@code spans} as spans end. */
    static GatewayFixture traced(io.opentelemetry.sdk.trace.export.SpanExporter spans, String yaml,
                                 Simulator... simulators) {
        try {
            return start(Files.createTempDirectory("switchboard-test"), spans, yaml, simulators);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GatewayFixture start(Path dir, io.opentelemetry.sdk.trace.export.SpanExporter spans, String yaml,
                                        Simulator... simulators) {
        try {
            String text = yaml;
            for (int i = 0; i < simulators.length; i++) {
                text = text.replace("${sim" + i + "}", simulators[i].baseUrl());
            }
            Path config = dir.resolve("switchboard.yaml");
            Files.writeString(config, text);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            List<Duration> sleeps = new CopyOnWriteArrayList<>();
            Sleeper recording = duration -> {
                sleeps.add(duration);
                Thread.sleep(duration);
            };
            Gateway gateway = Gateway.start(new GatewayOptions(config, 0, dir.resolve("data"),
                    Map.of("SWITCHBOARD_MASTER_KEY", KEY), new PrintStream(output, true, StandardCharsets.UTF_8),
                    Ticker.system(), InstantSource.system(), recording, new Random(1)), spans);
            return new GatewayFixture(dir, config, gateway, output, new ArrayList<>(List.of(simulators)), sleeps);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (dev.switchboard.core.config.ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The OpenAI SDK pointed at the gateway, with its own retries off so tests see every failure. */
    OpenAIClient client() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(KEY).maxRetries(0).build();
    }

    /** The OpenAI SDK with another key, retries off. */
    OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    /** A raw POST with the master key. */
    HttpResponse<String> post(String path, String body) {
        return post(path, body, KEY);
    }

    /** A raw POST with {@code key}. */
    HttpResponse<String> post(String path, String body, String key) {
        return send(HttpRequest.newBuilder(uri(path)).header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** An admin API call with the master key; {@code body} null for none. */
    HttpResponse<String> admin(String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("authorization", "Bearer " + KEY)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Creates a tenant (JSON fields) and returns its name. */
    String createTenant(String json) {
        HttpResponse<String> response = admin("POST", "/admin/tenants", json);
        if (response.statusCode() != 201) {
            throw new AssertionError("tenant not created: " + response.body());
        }
        return ErrorResponsesTest.json(response).get("name").asText();
    }

    /** Creates a key (JSON fields, including "tenant") and returns the key itself. */
    String createKey(String json) {
        HttpResponse<String> response = admin("POST", "/admin/keys", json);
        if (response.statusCode() != 201) {
            throw new AssertionError("key not created: " + response.body());
        }
        return ErrorResponsesTest.json(response).get("key").asText();
    }

    /** Stops the gateway (as a clean shutdown) but keeps its files and simulators, for a restart. */
    void stopGateway() {
        gateway.close();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Rewrites the config file (simulator placeholders resolved as at start). */
    void rewriteConfig(String yaml) {
        String text = yaml;
        for (int i = 0; i < simulators.size(); i++) {
            text = text.replace("${sim" + i + "}", simulators.get(i).baseUrl());
        }
        try {
            Files.writeString(configFile, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        gateway.close();
        simulators.forEach(Simulator::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes. */
    static boolean eventually(Duration timeout, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
