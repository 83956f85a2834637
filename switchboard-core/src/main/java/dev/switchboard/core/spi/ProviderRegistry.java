package dev.switchboard.core.spi;

import dev.switchboard.core.provider.AzureOpenAiProvider;
import dev.switchboard.core.provider.OpenAiProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The provider types a gateway knows, by config {@code type}. Immutable. */
public final class ProviderRegistry {

    private final Map<String, ProviderFactory> factories;

    private ProviderRegistry(Map<String, ProviderFactory> factories) {
        this.factories = factories;
    }

    /** The types that ship in core: {@code openai} and {@code azure-openai}. */
    public static ProviderRegistry builtIn() {
        return new ProviderRegistry(Map.of()).with(new OpenAiProvider.Factory()).with(new AzureOpenAiProvider.Factory());
    }

    /** This registry plus {@code factory} (replacing one of the same type). */
    public ProviderRegistry with(ProviderFactory factory) {
        Map<String, ProviderFactory> copy = new LinkedHashMap<>(factories);
        copy.put(factory.type(), factory);
        return new ProviderRegistry(copy);
    }

    /** The factory for {@code type}, or null. */
    public ProviderFactory find(String type) {
        return factories.get(type);
    }

    public Set<String> types() {
        return factories.keySet();
    }
}
