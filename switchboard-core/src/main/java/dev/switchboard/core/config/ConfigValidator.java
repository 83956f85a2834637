package dev.switchboard.core.config;

import dev.switchboard.core.spi.ProviderFactory;
import dev.switchboard.core.spi.ProviderRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** The semantic rules of a config file: ranges, references between sections, required settings. */
final class ConfigValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}");
    private static final Pattern HEADER_SAFE = Pattern.compile("[\\x21-\\x7e]{1,200}");
    static final int MIN_MASTER_KEY_LENGTH = 16;

    private final ProviderRegistry registry;

    ConfigValidator(ProviderRegistry registry) {
        this.registry = registry;
    }

    /** Reports each problem as (path, message). */
    void validate(SwitchboardConfig config, BiConsumer<String, String> problems) {
        server(config.server(), problems);
        String key = config.auth().masterKey();
        if (key != null && (key.length() < MIN_MASTER_KEY_LENGTH || !HEADER_SAFE.matcher(key).matches())) {
            problems.accept("auth.master_key", "must be at least " + MIN_MASTER_KEY_LENGTH
                    + " printable characters without spaces");
        }
        String pepper = config.auth().keyPepper();
        if (pepper != null && (pepper.length() < MIN_MASTER_KEY_LENGTH || !HEADER_SAFE.matcher(pepper).matches())) {
            problems.accept("auth.key_pepper", "must be at least " + MIN_MASTER_KEY_LENGTH
                    + " printable characters without spaces");
        }
        config.providers().forEach((name, provider) -> provider("providers." + name, name, provider, problems));
        store(config.store(), problems);
        redis(config.redis(), problems);
        config.pricing().forEach((model, price) -> price("pricing." + model, price, problems));
        double ratio = config.accounting().budgetAlertRatio();
        if (!(ratio > 0 && ratio <= 1)) {
            problems.accept("accounting.budget_alert_ratio", "must be more than 0 and at most 1, was " + ratio);
        }
        models(config, problems);
        routing(config.routing(), problems);
        PrivacyValidator.validate(config.privacy(), problems);
        GuardsValidator.validate(config.guards(), problems);
        consent(config.consent(), problems);
        ToolsValidator.validate(config, problems);
        RetrievalConfig.validate(config.retrieval(), problems);
        observability(config.observability(), problems);
    }

    private static void observability(ObservabilityConfig observability, BiConsumer<String, String> problems) {
        ObservabilityConfig.Tracing tracing = observability.tracing();
        if (tracing.enabled()) {
            String endpoint = tracing.otlpEndpoint();
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                problems.accept("observability.tracing.otlp_endpoint",
                        "must be an http:// or https:// URL, e.g. http://otel-collector:4318");
            } else {
                try {
                    if (java.net.URI.create(endpoint).getHost() == null) {
                        problems.accept("observability.tracing.otlp_endpoint", "has no host");
                    }
                } catch (IllegalArgumentException e) {
                    problems.accept("observability.tracing.otlp_endpoint", "is not a URL: " + e.getMessage());
                }
            }
        }
        double ratio = tracing.sampleRatio();
        if (!(ratio >= 0 && ratio <= 1)) {
            problems.accept("observability.tracing.sample_ratio", "must be between 0 and 1, was " + ratio);
        }
        if (tracing.serviceName().isBlank()) {
            problems.accept("observability.tracing.service_name", "must not be empty");
        }
        ObservabilityConfig.RequestLog log = observability.requestLog();
        if (log.maxBodyChars() < 0) {
            problems.accept("observability.request_log.max_body_chars", "must not be negative, was " + log.maxBodyChars());
        }
        positive("observability.request_log.retention", log.retention(), problems);
        positive("observability.request_log.flush_interval", log.flushInterval(), problems);
        positive("observability.request_log.prune_interval", log.pruneInterval(), problems);
    }

    private static void consent(ConsentConfig consent, BiConsumer<String, String> problems) {
        if (consent.url() != null && !consent.url().startsWith("jdbc:sqlite:") && !consent.url().startsWith("jdbc:postgresql:")) {
            problems.accept("consent.url", "must be a jdbc:postgresql:// or jdbc:sqlite: URL");
        }
        for (int i = 0; i < consent.requiredTenants().size(); i++) {
            String tenant = consent.requiredTenants().get(i);
            if (tenant == null || tenant.isBlank()) {
                problems.accept("consent.required_tenants[" + i + "]", "must be a tenant name, or \"*\" for every tenant");
            }
        }
        positive("consent.default_retention", consent.defaultRetention(), problems);
        positive("consent.refresh_interval", consent.refreshInterval(), problems);
        positive("consent.use_flush_interval", consent.useFlushInterval(), problems);
        positive("consent.prune_interval", consent.pruneInterval(), problems);
    }

    private static void server(ServerConfig server, BiConsumer<String, String> problems) {
        if (server.port() < 0 || server.port() > 65535) {
            problems.accept("server.port", "must be between 0 and 65535, was " + server.port());
        }
        if (server.maxBodyBytes() < 1024) {
            problems.accept("server.max_body_bytes", "must be at least 1KiB, was " + server.maxBodyBytes());
        }
        if (server.maxMessages() < 1) {
            problems.accept("server.max_messages", "must be at least 1, was " + server.maxMessages());
        }
        positive("server.read_timeout", server.readTimeout(), problems);
        positive("server.idle_timeout", server.idleTimeout(), problems);
        if (server.maxConnections() < 1) {
            problems.accept("server.max_connections", "must be at least 1, was " + server.maxConnections());
        }
        if (server.maxSchedulingDelay().isNegative()) {
            problems.accept("server.max_scheduling_delay", "must be 0 (off) or more, was " + server.maxSchedulingDelay());
        }
    }

    private void provider(String path, String name, ProviderConfig provider, BiConsumer<String, String> problems) {
        if (!NAME.matcher(name).matches()) {
            problems.accept(path, "provider names use letters, digits and . _ : / @ - (at most 128): '" + name + "'");
        }
        if (provider == null) {
            problems.accept(path, "needs at least a type, e.g. { type: openai, base_url: http://host:8000/v1 }");
            return;
        }
        if (provider.type() == null) {
            problems.accept(path + ".type", "is required; one of " + registry.types());
            return;
        }
        ProviderFactory factory = registry.find(provider.type());
        if (factory == null) {
            problems.accept(path + ".type", "unknown provider type '" + provider.type() + "'; one of " + registry.types());
            return;
        }
        provider.headers().forEach((header, value) -> {
            if (value == null || !HEADER_SAFE.matcher(header).matches()) {
                problems.accept(path + ".headers." + header, "needs a name without spaces and a value");
            }
        });
        factory.validate(provider, (field, message) -> problems.accept(path + "." + field, message));
    }

    private static void models(SwitchboardConfig config, BiConsumer<String, String> problems) {
        Set<String> names = new HashSet<>();
        for (ModelConfig model : config.models()) {
            if (model != null && model.name() != null) {
                names.add(model.name());
            }
        }
        Set<String> seen = new HashSet<>();
        List<ModelConfig> models = config.models();
        for (int i = 0; i < models.size(); i++) {
            String path = "models[" + i + "]";
            ModelConfig model = models.get(i);
            if (model == null) {
                problems.accept(path, "is empty; a model needs a name and deployments");
                continue;
            }
            if (model.name() == null || model.name().isBlank()) {
                problems.accept(path + ".name", "is required");
            } else if (!seen.add(model.name())) {
                problems.accept(path + ".name", "model '" + model.name() + "' is defined twice");
            } else if (!NAME.matcher(model.name()).matches()) {
                problems.accept(path + ".name", "model names use letters, digits and . _ : / @ - (at most 128): '"
                        + model.name() + "'");
            }
            deployments(path, model, config.providers(), problems);
            for (int f = 0; f < model.fallbacks().size(); f++) {
                String fallback = model.fallbacks().get(f);
                if (fallback == null) {
                    problems.accept(path + ".fallbacks[" + f + "]", "is empty; name another model");
                } else if (!names.contains(fallback)) {
                    problems.accept(path + ".fallbacks[" + f + "]", "unknown model '" + fallback + "'; fallbacks name"
                            + " other entries of models");
                } else if (fallback.equals(model.name())) {
                    problems.accept(path + ".fallbacks[" + f + "]", "a model cannot fall back to itself");
                }
            }
            if (model.retries() != null) {
                retries(path + ".retries", model.retries(), problems);
            }
        }
    }

    private static void deployments(String path, ModelConfig model, Map<String, ProviderConfig> providers,
                                    BiConsumer<String, String> problems) {
        if (model.deployments().isEmpty()) {
            problems.accept(path + ".deployments", "at least one deployment is required,"
                    + " e.g. [{ provider: vllm-a, model: Qwen/Qwen2.5-7B-Instruct }]");
            return;
        }
        Set<String> ids = new HashSet<>();
        int totalWeight = 0;
        boolean weightsValid = true;
        for (int d = 0; d < model.deployments().size(); d++) {
            String dPath = path + ".deployments[" + d + "]";
            DeploymentConfig deployment = model.deployments().get(d);
            if (deployment == null) {
                problems.accept(dPath, "is empty; write { provider: NAME, model: UPSTREAM_MODEL }");
                weightsValid = false;
                continue;
            }
            if (deployment.provider() == null) {
                problems.accept(dPath + ".provider", "is required");
            } else if (!providers.containsKey(deployment.provider())) {
                problems.accept(dPath + ".provider", "unknown provider '" + deployment.provider()
                        + "'; defined providers: " + providers.keySet());
            }
            if (deployment.model() == null || deployment.model().isBlank()) {
                problems.accept(dPath + ".model", "is required: the model name the upstream knows");
            }
            if (deployment.weight() < 0 || deployment.weight() > 1_000_000) {
                problems.accept(dPath + ".weight", "must be between 0 and 1000000, was " + deployment.weight());
                weightsValid = false;
            } else {
                totalWeight += deployment.weight();
            }
            if (!HEADER_SAFE.matcher(deployment.id()).matches()) {
                problems.accept(dPath + (deployment.name() != null ? ".name" : ".model"),
                        "deployment ids appear in response headers and must be printable ASCII without spaces: '"
                                + deployment.id() + "' (set name: to give it another id)");
            } else if (!ids.add(deployment.id())) {
                problems.accept(dPath, "deployment '" + deployment.id() + "' is listed twice; give one a distinct name");
            }
        }
        if (totalWeight == 0 && weightsValid) {
            problems.accept(path + ".deployments", "at least one deployment needs a weight above 0");
        }
    }

    private static void routing(RoutingConfig routing, BiConsumer<String, String> problems) {
        retries("routing.retries", routing.retries(), problems);
        positive("routing.retry_backoff", routing.retryBackoff(), problems);
        positive("routing.retry_backoff_max", routing.retryBackoffMax(), problems);
        if (routing.retryBackoffMax().compareTo(routing.retryBackoff()) < 0) {
            problems.accept("routing.retry_backoff_max", "must not be shorter than retry_backoff ("
                    + Durations.format(routing.retryBackoff()) + ")");
        }
        BreakerConfig breaker = routing.circuitBreaker();
        if (breaker.failureThreshold() < 0) {
            problems.accept("routing.circuit_breaker.failure_threshold", "must be 0 (off) or more, was "
                    + breaker.failureThreshold());
        }
        positive("routing.circuit_breaker.cooldown", breaker.cooldown(), problems);
    }

    private static void store(StoreConfig store, BiConsumer<String, String> problems) {
        if (store.url() != null && !store.url().startsWith("jdbc:sqlite:") && !store.url().startsWith("jdbc:postgresql:")) {
            problems.accept("store.url", "must be a jdbc:postgresql:// or jdbc:sqlite: URL");
        }
        positive("store.usage_flush_interval", store.usageFlushInterval(), problems);
        positive("store.key_refresh_interval", store.keyRefreshInterval(), problems);
    }

    private static void redis(RedisConfig redis, BiConsumer<String, String> problems) {
        if (redis == null) {
            return;
        }
        if (redis.url() == null || !(redis.url().startsWith("redis://") || redis.url().startsWith("rediss://"))) {
            problems.accept("redis.url", "is required: redis://host:6379 (or rediss:// for TLS)");
        }
        positive("redis.timeout", redis.timeout(), problems);
    }

    private static void price(String path, PriceConfig price, BiConsumer<String, String> problems) {
        if (price == null) {
            problems.accept(path, "needs { input, output } (dollars per million tokens) or { gpu_hour, tokens_per_second }");
            return;
        }
        boolean perToken = price.input() != null || price.output() != null || price.cachedInput() != null;
        boolean perGpu = price.gpuHour() != null || price.tokensPerSecond() != null;
        if (perToken == perGpu) {
            problems.accept(path, "give either { input, output, cached_input? } in dollars per million tokens"
                    + " or { gpu_hour, tokens_per_second }");
        } else if (perToken) {
            nonNegative(path + ".input", price.input(), true, problems);
            nonNegative(path + ".output", price.output(), true, problems);
            nonNegative(path + ".cached_input", price.cachedInput(), false, problems);
        } else {
            nonNegative(path + ".gpu_hour", price.gpuHour(), true, problems);
            if (price.tokensPerSecond() == null || price.tokensPerSecond().signum() <= 0) {
                problems.accept(path + ".tokens_per_second", "is required and must be more than 0");
            }
        }
    }

    private static void nonNegative(String path, java.math.BigDecimal value, boolean required,
                                    BiConsumer<String, String> problems) {
        if (value == null ? required : value.signum() < 0) {
            problems.accept(path, value == null ? "is required" : "cannot be negative");
        }
    }

    private static void retries(String path, int retries, BiConsumer<String, String> problems) {
        if (retries < 0 || retries > 10) {
            problems.accept(path, "must be between 0 and 10, was " + retries);
        }
    }

    private static void positive(String path, Duration value, BiConsumer<String, String> problems) {
        if (value.isZero()) {
            problems.accept(path, "must be more than 0");
        }
    }
}
