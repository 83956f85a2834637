package dev.switchboard.server;

import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.ConsentConfig;
import dev.switchboard.core.config.ObservabilityConfig;
import dev.switchboard.core.consent.ErasureHooks;
import dev.switchboard.core.config.ModelConfig;
import dev.switchboard.core.config.Problem;
import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.provider.UpstreamHttp;
import dev.switchboard.core.routing.HealthRegistry;
import dev.switchboard.core.routing.RouteTable;
import dev.switchboard.core.routing.RoutingListener;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderRegistry;
import dev.switchboard.retrieval.embed.EmbeddingModels;
import dev.switchboard.retrieval.embed.LocalEmbeddingProvider;
import dev.switchboard.core.time.Watchdog;
import dev.switchboard.server.http.LoadShedder;
import dev.switchboard.guard.tools.GuidedDecoding;
import dev.switchboard.server.admin.AdminEndpoints;
import dev.switchboard.server.admin.RequestLogAdmin;
import dev.switchboard.server.http.OpenAiEndpoints;
import dev.switchboard.server.observability.JsonLogFormatter;
import dev.switchboard.server.observability.Observability;
import dev.switchboard.server.observability.ObservabilityEndpoints;
import dev.switchboard.store.FeedbackRepository;
import dev.switchboard.store.RequestLogRepository;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import dev.switchboard.server.http.RetrievalEndpoints;
import dev.switchboard.server.guard.Guards;
import dev.switchboard.server.privacy.Privacy;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running Switchboard server: the HTTP listener, the current {@link GatewayState}, and the
 * watcher that replaces that state when the config file changes. Thread-safe.
 */
public final class Gateway implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    private final GatewayOptions options;
    private final ConfigLoader loader;
    private final SimulatorProviders simulators;
    private final ProviderRegistry registry;
    private static final Duration WATCHDOG_RESOLUTION = Duration.ofMillis(20);
    /** Connections the kernel may queue before accept; bursts of thousands of clients must not see SYNs dropped. */
    private static final int LISTEN_BACKLOG = 4096;

    private final Watchdog watchdog;
    private final LoadShedder shedder;
    private final UpstreamHttp http;
    private final HealthRegistry health;
    private final SpanExporter spanExporter;
    private volatile Observability observability;
    private final RoutingListener listener = RoutingListeners.both(new LoggingRoutingListener(),
            () -> observability != null ? observability.routingListener() : RoutingListener.NONE);
    private final AtomicReference<GatewayState> state = new AtomicReference<>();
    private MasterKey masterKey;
    private GatewayServices services;
    private WebServer server;
    private ConfigWatcher watcher;

    private Gateway(GatewayOptions options, SpanExporter spanExporter) {
        this.options = options;
        this.spanExporter = spanExporter;
        this.simulators = new SimulatorProviders();
        this.registry = ProviderRegistry.builtIn().with(simulators)
                .with(new LocalEmbeddingProvider.Factory(EmbeddingModels.shared()));
        this.loader = new ConfigLoader(options.env(), registry);
        this.watchdog = new Watchdog(options.ticker(), WATCHDOG_RESOLUTION);
        this.shedder = LoadShedder.start(options.ticker());
        this.http = UpstreamHttp.create(watchdog);
        this.health = new HealthRegistry(listener);
    }

    /**
     * Loads the config, starts listening and prints the banner.
     *
     * @throws ConfigException when the config file cannot be used, with every problem and its line
     * @throws IllegalArgumentException when the master key cannot be set up, saying why
     */
    public static Gateway start(GatewayOptions options) throws ConfigException {
        return start(options, null);
    }

    /**
     * As {@link #start(GatewayOptions)}, with every span handed to {@code spanExporter} as it ends
     * instead of to the configured OTLP endpoint (tests).
     */
    static Gateway start(GatewayOptions options, SpanExporter spanExporter) throws ConfigException {
        Gateway gateway = new Gateway(options, spanExporter);
        try {
            gateway.startUp();
            return gateway;
        } catch (ConfigException | RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private void startUp() throws ConfigException {
        byte[] fileContent = null;
        SwitchboardConfig config;
        if (options.configFile() != null) {
            try {
                fileContent = Files.readAllBytes(options.configFile());
            } catch (IOException e) {
                throw new ConfigException(options.configFile().toString(),
                        List.of(new Problem(0, "", "cannot read the file: " + e.getMessage())));
            }
            config = withPortOverride(loader.parse(options.configFile().toString(),
                    new String(fileContent, StandardCharsets.UTF_8)));
        } else {
            config = withPortOverride(loader.loadDefault());
        }
        masterKey = MasterKey.resolve(config.auth().masterKey(), options.env(), options.dataDir(), new SecureRandom());
        services = GatewayServices.open(config, options);
        observability = Observability.start(config.observability(), new RequestLogRepository(services.access.database),
                new FeedbackRepository(services.access.database), options.ticker(), options.clock(), options.random(),
                spanExporter);
        if (config.observability().logs().format() == ObservabilityConfig.LogFormat.JSON) {
            JsonLogFormatter.install();
        }
        state.set(build(config));
        observability.watchDeployments(() -> state.get().routes());
        if (observability.metrics() != null) {
            observability.metrics().watchLoadShedding(shedder::delayNanos, shedder::shedCount);
        }
        OpenAiEndpoints endpoints = new OpenAiEndpoints(state::get, options.ticker(), this::newRequestId, watchdog,
                shedder, observability::requestRefused, observability::gatewayOverhead);
        RetrievalEndpoints retrieval = new RetrievalEndpoints(state::get, services.retrieval, services.sessions,
                options.ticker(), watchdog);
        AdminEndpoints admin = new AdminEndpoints(services.access.admin(), services.access.usage(),
                services.consent.admin(), new RequestLogAdmin(observability.requestLog(),
                observability.requestLogRepository(), options.clock()), () -> state.get().auth());
        ObservabilityEndpoints observed = new ObservabilityEndpoints(observability, this::observedState, options.clock());
        Duration idle = config.server().idleTimeout();
        server = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .backlog(LISTEN_BACKLOG)
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .contentEncoding(ContentEncodingContext.builder().contentEncodingsDiscoverServices(false).build())
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(Duration.ofMillis(Math.clamp(idle.toMillis() / 4, 50, 5000)))
                .maxTcpConnections(config.server().maxConnections())
                .routing(routing -> {
                    admin.register(routing);
                    observed.register(routing);
                    retrieval.register(routing);
                    endpoints.register(routing);
                })
                .build()
                .start();
        if (fileContent != null && !config.server().configPollInterval().isZero()) {
            watcher = new ConfigWatcher(options.configFile(), fileContent, config.server().configPollInterval(),
                    this::reload);
            watcher.start();
        }
        Banner.print(options.out(), this, state.get(), masterKey, options.configFile(), options.dataDir());
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The OpenAI base URL of this server on the loopback interface, e.g. {@code http://127.0.0.1:8080/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /**
     * The stores an erasure request ({@code POST /admin/consent/subjects/{id}/erase}) erases: the
     * consent store, and whatever else registers here (retrieval indexes, caches).
     */
    public ErasureHooks erasureHooks() {
        return services.consent.erasureHooks();
    }

    /** The retrieval collections this gateway serves. */
    public dev.switchboard.retrieval.Retrieval retrieval() {
        return services.retrieval;
    }

    /** The state requests currently start with. */
    public GatewayState state() {
        return state.get();
    }

    private synchronized void reload(String yaml) throws ConfigException {
        SwitchboardConfig config = withPortOverride(loader.parse(options.configFile().toString(), yaml));
        SwitchboardConfig previous = state.get().config();
        if (!config.server().host().equals(previous.server().host())
                || !config.server().port().equals(previous.server().port())) {
            LOG.log(System.Logger.Level.WARNING, "server.host and server.port changes take effect at the next"
                    + " restart; still listening on port " + port());
        }
        if (!config.store().equals(previous.store()) || !java.util.Objects.equals(config.redis(), previous.redis())
                || !java.util.Objects.equals(config.auth().keyPepper(), previous.auth().keyPepper())) {
            LOG.log(System.Logger.Level.WARNING, "store, redis and auth.key_pepper changes take effect at the next restart");
        }
        ConsentConfig consent = config.consent();
        ConsentConfig was = previous.consent();
        if (!java.util.Objects.equals(consent.url(), was.url()) || !java.util.Objects.equals(consent.user(), was.user())
                || !java.util.Objects.equals(consent.password(), was.password())
                || !consent.refreshInterval().equals(was.refreshInterval())
                || !consent.useFlushInterval().equals(was.useFlushInterval())
                || !consent.pruneInterval().equals(was.pruneInterval())) {
            LOG.log(System.Logger.Level.WARNING, "consent store and interval changes take effect at the next restart"
                    + " (consent.required_tenants applies now)");
        }
        if (config.auth().masterKey() != null || previous.auth().masterKey() != null) {
            masterKey = MasterKey.resolve(config.auth().masterKey(), options.env(), options.dataDir(),
                    new SecureRandom());
            if (masterKey.generatedKey() != null) {
                Banner.printGeneratedKey(options.out(), masterKey);
            }
        }
        if (!config.observability().equals(previous.observability())) {
            LOG.log(System.Logger.Level.WARNING, "observability changes take effect at the next restart");
        }
        state.set(build(config));
        LOG.log(System.Logger.Level.INFO, "config reloaded from " + options.configFile() + ": models "
                + state.get().routes().names());
    }

    private GatewayState build(SwitchboardConfig config) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        config.providers().forEach((name, provider) ->
                providers.put(name, GuidedDecoding.wrap(registry.find(provider.type()).create(name, provider, http),
                        provider.guidedDecoding())));
        RouteTable routes = RouteTable.build(config, providers, health);
        byte[] masterHash = masterKey.hash();
        AuthInterceptor auth = new AuthInterceptor(presented -> services.verify(masterHash, presented));
        Privacy privacy = Privacy.from(config.privacy(), new SecureRandom());
        JsonLogFormatter.redactWith(privacy.logs()::redact);
        Guards guards = Guards.from(config.guards());
        Pipeline pipeline = GatewayPipeline.create(config, auth, routes, options, listener, services, privacy,
                observability, guards);
        return new GatewayState(config, routes, pipeline, auth, simulatedModels(config), privacy, guards);
    }

    /** What the feedback endpoint needs of the current state. */
    private ObservabilityEndpoints.Current observedState() {
        GatewayState current = state.get();
        return new ObservabilityEndpoints.Current() {
            @Override
            public AuthInterceptor auth() {
                return current.auth();
            }

            @Override
            public Set<String> models() {
                return Set.copyOf(current.routes().names());
            }

            @Override
            public java.util.function.UnaryOperator<String> redactor() {
                return GatewayPipeline.contentRedactor(current.privacy());
            }
        };
    }

    private static Set<String> simulatedModels(SwitchboardConfig config) {
        Set<String> simulated = new HashSet<>();
        for (ModelConfig model : config.models()) {
            boolean allSimulated = model.deployments().stream().allMatch(d -> {
                ProviderConfig provider = config.providers().get(d.provider());
                return provider != null && SimulatorProviders.TYPE.equals(provider.type());
            });
            if (allSimulated) {
                simulated.add(model.name());
            }
        }
        return Set.copyOf(simulated);
    }

    private SwitchboardConfig withPortOverride(SwitchboardConfig config) {
        if (options.port() == null) {
            return config;
        }
        return config.withServer(config.server().withPort(options.port()));
    }

    private String newRequestId() {
        byte[] bytes = new byte[12];
        long a = options.random().nextLong();
        int b = options.random().nextInt();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (a >>> (i * 8));
        }
        for (int i = 0; i < 4; i++) {
            bytes[8 + i] = (byte) (b >>> (i * 8));
        }
        return "req_" + HexFormat.of().formatHex(bytes);
    }

    /** Stops listening (requests in flight get a short grace period), then releases upstreams. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (server != null) {
            server.stop();
        }
        if (observability != null) {
            observability.close(); // writes the queued request log entries and spans
        }
        if (services != null) {
            services.close();
        }
        http.close();
        watchdog.close();
        shedder.close();
        simulators.close();
    }
}
