package dev.switchboard.core.accounting;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.core.config.PriceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices by model name: the config's {@code pricing} first, then a built-in table of list prices of
 * common hosted models. A dated snapshot name ({@code gpt-4o-mini-2024-07-18}) takes the price of
 * the longest known name it extends. Models with no price cost 0 and are reported once. Immutable
 * apart from that report; thread-safe.
 */
public final class PriceTable {

    static final String DEFAULTS_RESOURCE = "/dev/switchboard/core/accounting/default-prices.yaml";
    private static final System.Logger LOG = System.getLogger(PriceTable.class.getName());

    private final Map<String, Price> configured;
    private final Map<String, Price> builtIn;
    private final Set<String> reportedUnpriced = ConcurrentHashMap.newKeySet();

    private PriceTable(Map<String, Price> configured, Map<String, Price> builtIn) {
        this.configured = configured;
        this.builtIn = builtIn;
    }

    /** The built-in list prices, overridden by {@code pricing} from config. */
    public static PriceTable of(Map<String, PriceConfig> pricing) {
        Map<String, Price> configured = new HashMap<>();
        pricing.forEach((model, config) -> configured.put(model, price(config)));
        return new PriceTable(Map.copyOf(configured), builtIn());
    }

    /**
     * The price of a request's tokens: looked up by the deployment's name, then the model name the
     * upstream knows, then the model name the client used.
     */
    public Price priceOf(String deploymentId, String upstreamModel, String model) {
        for (String name : new String[] {deploymentId, upstreamModel, model}) {
            if (name != null) {
                Price price = configured.get(name);
                if (price != null) {
                    return price;
                }
            }
        }
        for (String name : new String[] {upstreamModel, model}) {
            Price price = name == null ? null : longestPrefix(name);
            if (price != null) {
                return price;
            }
        }
        String unpriced = upstreamModel != null ? upstreamModel : model;
        if (unpriced != null && reportedUnpriced.add(unpriced)) {
            LOG.log(System.Logger.Level.WARNING, "no price for model '" + unpriced + "': its usage is recorded at cost 0;"
                    + " set pricing." + unpriced + " in the config");
        }
        return Price.FREE;
    }

    private Price longestPrefix(String name) {
        Price exact = builtIn.get(name);
        if (exact != null) {
            return exact;
        }
        String best = null;
        for (String known : builtIn.keySet()) {
            if (name.startsWith(known + "-") && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return best == null ? null : builtIn.get(best);
    }

    /** A price from its config, which {@link dev.switchboard.core.config.ConfigLoader} has validated. */
    static Price price(PriceConfig config) {
        if (config.gpuHour() != null) {
            return Price.perGpuHour(config.gpuHour(), config.tokensPerSecond());
        }
        return new Price(config.input(), config.cachedInput(), config.output());
    }

    private static Map<String, Price> builtIn() {
        ObjectMapper yaml = YAMLMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            Map<String, PriceConfig> table = yaml.readValue(in, new TypeReference<Map<String, PriceConfig>>() { });
            Map<String, Price> prices = new HashMap<>();
            table.forEach((model, config) -> prices.put(model, price(config)));
            return Map.copyOf(prices);
        } catch (IOException e) {
            throw new UncheckedIOException("the built-in price table is broken", e);
        }
    }
}
