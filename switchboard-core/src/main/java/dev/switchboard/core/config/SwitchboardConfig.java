package dev.switchboard.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of {@code switchboard.yaml}, immutable once loaded. Every nested record fills in its
 * documented defaults, so code reading a config never sees null for an option that has one.
 * Semantic checks (unknown providers, bad ranges) are {@link ConfigValidator}'s, so that each
 * problem can be reported with the file line it comes from.
 *
 * @param server the HTTP listener and request limits
 * @param auth how clients authenticate
 * @param providers upstream endpoints by name, in file order
 * @param models the model names clients call, each with its deployments
 * @param routing defaults for retries, backoff, timeouts and circuit breaking
 * @param store where tenants, keys and usage are kept
 * @param redis shared counters for limits and budgets, or null to count in memory
 * @param pricing prices by model name (deployment name, upstream model or client model name)
 * @param accounting accounting options
 * @param privacy personal data in requests: detection, redaction, pseudonymization
 * @param consent the consent vault: its store and which tenants must name a subject
 * @param tools which tools requests may declare, and what happens to output that breaks its schema
 * @param observability metrics, traces, the request log and log format
 * @param retrieval collections for retrieval: their store, embedding model and limits
 * @param guards prompt-injection, content-safety and leakage guards
 */
public record SwitchboardConfig(ServerConfig server, AuthConfig auth, Map<String, ProviderConfig> providers,
                                List<ModelConfig> models, RoutingConfig routing, StoreConfig store, RedisConfig redis,
                                Map<String, PriceConfig> pricing, AccountingConfig accounting,
                                PrivacyConfig privacy, ConsentConfig consent, ToolsConfig tools,
                                ObservabilityConfig observability, RetrievalConfig retrieval, GuardsConfig guards) {

    public SwitchboardConfig {
        server = server != null ? server : new ServerConfig(null, null, null, null, null, null, null, null, null, null);
        auth = auth != null ? auth : new AuthConfig(null, null);
        // Entries may be null (an empty "- " item): kept, so that validation can point at them.
        providers = providers != null ? Collections.unmodifiableMap(new LinkedHashMap<>(providers)) : Map.of();
        models = models != null ? Collections.unmodifiableList(new ArrayList<>(models)) : List.of();
        routing = routing != null ? routing : new RoutingConfig(null, null, null, null, null, null);
        store = store != null ? store : new StoreConfig(null, null, null, null, null);
        pricing = pricing != null ? Collections.unmodifiableMap(new LinkedHashMap<>(pricing)) : Map.of();
        accounting = accounting != null ? accounting : new AccountingConfig(null);
        privacy = privacy != null ? privacy : PrivacyConfig.defaults();
        consent = consent != null ? consent : ConsentConfig.defaults();
        tools = tools != null ? tools : ToolsConfig.defaults();
        observability = observability != null ? observability : ObservabilityConfig.defaults();
        retrieval = retrieval != null ? retrieval : RetrievalConfig.defaults();
        guards = guards != null ? guards : GuardsConfig.defaults();
    }

    /** This config with another server section. */
    public SwitchboardConfig withServer(ServerConfig newServer) {
        return new SwitchboardConfig(newServer, auth, providers, models, routing, store, redis, pricing, accounting,
                privacy, consent, tools, observability, retrieval, guards);
    }

    /** This config with another observability section. */
    public SwitchboardConfig withObservability(ObservabilityConfig newObservability) {
        return new SwitchboardConfig(server, auth, providers, models, routing, store, redis, pricing, accounting,
                privacy, consent, tools, newObservability, retrieval, guards);
    }
}
