package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;

/**
 * An OpenAI-compatible upstream <em>simulator</em> for tests, demos and benchmarks: it answers
 * {@code POST /v1/chat/completions} (streaming or not, with tools and response formats),
 * {@code POST /v1/embeddings}, {@code GET /v1/models} and {@code GET /health} with deterministic,
 * plainly labelled placeholder output ("[simulated] ...", header
 * {@code x-switchboard-simulator: true}), at a configured pace, with scripted or random faults.
 * No model is involved.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(SimulatorConfig.defaults())) {
 *     sim.failNext(1, 429);              // the next request is rate limited
 *     String baseUrl = sim.baseUrl();    // http://127.0.0.1:<port>/v1
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread while requests are served. Each
 * request runs on its own virtual thread.
 */
public final class Simulator implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(Simulator.class.getName());
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final WebServer server;
    private final SimulatorState state;
    private final SimulatorConfig started;

    private Simulator(WebServer server, SimulatorState state, SimulatorConfig started) {
        this.server = server;
        this.state = state;
        this.started = started;
    }

    /** Starts a simulator listening on {@code config.host()}:{@code config.port()} (0 = ephemeral). */
    public static Simulator start(SimulatorConfig config) {
        return start(config, Clock.systemUTC(), Pacer.Sleeper.THREAD);
    }

    /** As {@link #start(SimulatorConfig)}, with the clock for {@code created} and the sleeper for pacing. */
    static Simulator start(SimulatorConfig config, Clock clock, Pacer.Sleeper sleeper) {
        Objects.requireNonNull(config, "config");
        SimulatorState state = new SimulatorState(config, clock, sleeper);
        InfoEndpoints info = new InfoEndpoints(state);
        HttpRouting.Builder routing = HttpRouting.builder()
                .post("/v1/chat/completions", new ChatHandler(state))
                .post("/v1/embeddings", new EmbeddingsHandler(state))
                .get("/v1/models", info::models)
                .get("/health", info::health)
                .any(info::notFound)
                .error(Exception.class, (req, res, e) -> {
                    LOGGER.log(Level.WARNING, "switchboard simulator failed to answer a request", e);
                    Responses.json(res, 500, Responses.errorBody(
                            "The switchboard simulator failed to answer: " + e.getClass().getSimpleName(),
                            "server_error", null, null));
                });
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .maxPayloadSize(MAX_BODY_BYTES)
                .backlog(4096) // a gateway opening thousands of streams at once must not find SYNs dropped
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .contentEncoding(ContentEncodingContext.builder().contentEncodingsDiscoverServices(false).build())
                .routing(routing)
                .build()
                .start();
        return new Simulator(server, state, config);
    }

    /** The port the simulator listens on (the ephemeral one chosen when configured with 0). */
    public int port() {
        return server.port();
    }

    /** {@code http://<host>:<port>/v1}; a wildcard bind address is given as the loopback address. */
    public String baseUrl() {
        String host = switch (started.host()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0" -> "[::1]";
            default -> started.host().contains(":") ? "[" + started.host() + "]" : started.host();
        };
        return "http://" + host + ":" + port() + "/v1";
    }

    /** The configuration in force (host and port as given at start). */
    public SimulatorConfig config() {
        return state.config();
    }

    /**
     * Changes behaviour for requests that arrive from now on; requests in flight keep the
     * configuration they started with. Host and port are ignored (the listener stays where it is).
     * The fault draws restart from {@code config.seed()}.
     */
    public void configure(SimulatorConfig config) {
        Objects.requireNonNull(config, "config");
        state.configure(config.toBuilder().host(started.host()).port(started.port()).build());
    }

    /**
     * Answers the next {@code count} chat or embeddings requests with {@code status} (429 with
     * {@code retry-after}; 5xx as {@code server_error}) in OpenAI's error shape, then resumes.
     * Calls queue up: {@code failNext(1, 503); failNext(1, 429)} fails one request with each.
     *
     * @throws IllegalArgumentException if {@code count < 0} or {@code status} is not in [400,599]
     */
    public void failNext(int count, int status) {
        state.faults.failNext(count, status);
    }

    /**
     * Breaks the next {@code count} streaming chat answers after about half their tokens: the
     * connection closes without {@code [DONE]} and without ending the chunked body. Non-streaming
     * requests do not consume this.
     */
    public void disconnectNext(int count) {
        state.faults.disconnectNext(count);
    }

    /**
     * Never answers the next {@code count} chat or embeddings requests: each is held open, with
     * nothing sent, until the simulator closes.
     */
    public void hangNext(int count) {
        state.faults.hangNext(count);
    }

    /**
     * For tests of schema checking: the next {@code count} structured answers — tool calls and
     * {@code json_schema} content — break their schema on purpose (a required property left out, or
     * a value of the wrong type; see {@code SchemaInstance.invalid}), then answers are valid again.
     * Text answers do not consume this.
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    public void invalidNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative: " + count);
        }
        state.invalidStructured.addAndGet(count);
    }

    /** A snapshot of the counters. */
    public SimulatorStats stats() {
        return state.counters.snapshot();
    }

    /** A copy of the body of the last chat or embeddings request with valid JSON, unknown fields kept; null if none. */
    public JsonNode lastRequestBody() {
        JsonNode body = state.lastRequestBody();
        return body == null ? null : body.deepCopy();
    }

    /** Stops listening, releases hung requests and ends streams in progress. Idempotent. */
    @Override
    public void close() {
        state.close();
        server.stop();
    }
}
