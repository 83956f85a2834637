package dev.switchboard.core.testing;

import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.provider.UpstreamHttp;
import dev.switchboard.core.spi.ProblemSink;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderFactory;
import dev.switchboard.core.spi.ProviderRegistry;

/**
 * A provider type that accepts any settings, for configs whose providers tests create by hand (as
 * {@link Provider} lambdas) or never call, such as the built-in {@code simulator}.
 */
public final class FakeProviderFactory implements ProviderFactory {

    private final String type;

    public FakeProviderFactory(String type) {
        this.type = type;
    }

    /** The built-in registry plus a {@code fake} and a {@code simulator} type. */
    public static ProviderRegistry registry() {
        return ProviderRegistry.builtIn().with(new FakeProviderFactory("fake")).with(new FakeProviderFactory("simulator"))
                .with(new FakeProviderFactory("local"));
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public void validate(ProviderConfig config, ProblemSink problems) {
    }

    @Override
    public Provider create(String name, ProviderConfig config, UpstreamHttp http) {
        return request -> {
            throw new UnsupportedOperationException("fake provider " + name + " is never called");
        };
    }
}
