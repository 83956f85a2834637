package dev.switchboard.core.spi;

import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.provider.UpstreamHttp;

/**
 * Creates {@link Provider}s of one {@code type} from config. Adding an upstream API (Anthropic,
 * Vertex) is one class implementing this and {@link Provider}, registered in a
 * {@link ProviderRegistry}.
 */
public interface ProviderFactory {

    /** The {@code type} value in config, e.g. {@code openai}. */
    String type();

    /** Checks this type's settings, reporting every problem; called when config is loaded. */
    void validate(ProviderConfig config, ProblemSink problems);

    /**
     * Creates the provider for a validated config.
     *
     * @param name the provider's name in config, for messages
     * @param http the gateway's shared upstream HTTP client and watchdog
     */
    Provider create(String name, ProviderConfig config, UpstreamHttp http);
}
