package dev.switchboard.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.core.spi.ProviderRegistry;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads {@code switchboard.yaml} into a validated {@link SwitchboardConfig}, or fails with every
 * problem found, each with its line: YAML syntax, unknown options, wrong types, unset environment
 * variables, and the semantic rules of {@link ConfigValidator}. Thread-safe.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(new SimpleModule().addDeserializer(Duration.class, new Durations.Deserializer()))
            .build();

    private static final List<String> SECTIONS = List.of("accounting", "auth", "consent", "guards", "models", "observability",
            "pricing", "privacy", "providers", "redis", "retrieval", "routing", "server", "store", "tools");

    /** The configuration used when no file is given: every model served by the built-in simulator. */
    public static final String DEFAULT_CONFIG_RESOURCE = "/dev/switchboard/core/config/default-config.yaml";

    private final Map<String, String> env;
    private final ConfigValidator validator;

    /**
     * @param env environment variables for {@code ${env:NAME}} references
     * @param registry the provider types known to this server
     */
    public ConfigLoader(Map<String, String> env, ProviderRegistry registry) {
        this.env = Map.copyOf(env);
        this.validator = new ConfigValidator(registry);
    }

    public SwitchboardConfig load(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Problem(0, "", "cannot read the file: " + e)));
        }
        return parse(file.toString(), yaml);
    }

    /** The embedded default configuration. */
    public SwitchboardConfig loadDefault() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
            return parse("(built-in default config)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ConfigException e) {
            throw new IllegalStateException("the built-in default config is broken", e);
        }
    }

    /**
     * @param source the file name to use in messages
     * @param yaml the document
     */
    public SwitchboardConfig parse(String source, String yaml) throws ConfigException {
        JsonNode tree;
        YamlLocations locations;
        try {
            tree = YAML.readTree(yaml);
            locations = YamlLocations.index(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
            throw new ConfigException(source, List.of(new Problem(line, "", "invalid YAML: " + syntaxError(e))));
        } catch (IOException e) {
            throw new ConfigException(source, List.of(new Problem(0, "", "cannot read YAML: " + e.getMessage())));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = YAML.createObjectNode();
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException(source, List.of(new Problem(1, "", "the file must be a mapping of options,"
                    + " e.g. 'providers:' and 'models:'")));
        }
        List<Problem> problems = new ArrayList<>();
        BiConsumer<String, String> report = (path, message) ->
                problems.add(new Problem(locations.lineOf(path), path, message));
        new EnvInterpolator(env).interpolate(root, "", report);
        SwitchboardConfig config = bind(root, report);
        if (problems.isEmpty()) {
            validator.validate(config, report);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, dropRepeats(problems));
        }
        return config;
    }

    /**
     * Binds each section, provider and model on its own, so that a wrong type in one does not hide
     * the problems of the others.
     */
    private static SwitchboardConfig bind(ObjectNode root, BiConsumer<String, String> report) {
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                report.accept(name, "unknown option '" + name + "'; known options here: " + String.join(", ", SECTIONS));
            }
        });
        ServerConfig server = bind(root.get("server"), "server", ServerConfig.class, report);
        AuthConfig auth = bind(root.get("auth"), "auth", AuthConfig.class, report);
        RoutingConfig routing = bind(root.get("routing"), "routing", RoutingConfig.class, report);
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        JsonNode providerNodes = root.get("providers");
        if (providerNodes != null && !providerNodes.isNull()) {
            if (providerNodes.isObject()) {
                providerNodes.fields().forEachRemaining(entry -> providers.put(entry.getKey(),
                        bind(entry.getValue(), "providers." + entry.getKey(), ProviderConfig.class, report)));
            } else {
                report.accept("providers", "expected a mapping of provider names to { type, base_url, ... }");
            }
        }
        List<ModelConfig> models = new ArrayList<>();
        JsonNode modelNodes = root.get("models");
        if (modelNodes != null && !modelNodes.isNull()) {
            if (modelNodes.isArray()) {
                for (int i = 0; i < modelNodes.size(); i++) {
                    models.add(bind(modelNodes.get(i), "models[" + i + "]", ModelConfig.class, report));
                }
            } else {
                report.accept("models", "expected a list of models, each '- name: ...'");
            }
        }
        StoreConfig store = bind(root.get("store"), "store", StoreConfig.class, report);
        RedisConfig redis = bind(root.get("redis"), "redis", RedisConfig.class, report);
        AccountingConfig accounting = bind(root.get("accounting"), "accounting", AccountingConfig.class, report);
        Map<String, PriceConfig> pricing = new LinkedHashMap<>();
        JsonNode priceNodes = root.get("pricing");
        if (priceNodes != null && !priceNodes.isNull()) {
            if (priceNodes.isObject()) {
                priceNodes.fields().forEachRemaining(entry -> pricing.put(entry.getKey(),
                        bind(entry.getValue(), "pricing." + entry.getKey(), PriceConfig.class, report)));
            } else {
                report.accept("pricing", "expected a mapping of model names to { input, output } prices");
            }
        }
        PrivacyConfig privacy = bind(root.get("privacy"), "privacy", PrivacyConfig.class, report);
        ConsentConfig consent = bind(root.get("consent"), "consent", ConsentConfig.class, report);
        ToolsConfig tools = bind(root.get("tools"), "tools", ToolsConfig.class, report);
        ObservabilityConfig observability = bind(root.get("observability"), "observability",
                ObservabilityConfig.class, report);
        RetrievalConfig retrieval = bind(root.get("retrieval"), "retrieval", RetrievalConfig.class, report);
        GuardsConfig guards = bind(root.get("guards"), "guards", GuardsConfig.class, report);
        return new SwitchboardConfig(server, auth, providers, models, routing, store, redis, pricing, accounting,
                privacy, consent, tools, observability, retrieval, guards);
    }

    private static <T> T bind(JsonNode node, String path, Class<T> type, BiConsumer<String, String> report) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return YAML.treeToValue(node, type);
        } catch (JsonMappingException e) {
            String inner = path(e);
            report.accept(inner.isEmpty() ? path : inner.startsWith("[") ? path + inner : path + "." + inner,
                    describe(e));
        } catch (JsonProcessingException e) {
            report.accept(path, e.getOriginalMessage());
        }
        return null;
    }

    /** One problem per option: an unset variable also makes its value the wrong type. */
    private static List<Problem> dropRepeats(List<Problem> problems) {
        Map<String, Problem> byPath = new LinkedHashMap<>();
        for (Problem problem : problems) {
            byPath.putIfAbsent(problem.path(), problem);
        }
        List<Problem> sorted = new ArrayList<>(byPath.values());
        sorted.sort(Comparator.comparingInt(Problem::line));
        return sorted;
    }

    /** A YAML syntax error without the quoted source line, which may hold a secret. */
    private static String syntaxError(JsonProcessingException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return marked.getProblem() + (marked.getContext() != null ? " (" + marked.getContext() + ")" : "");
            }
        }
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            int quote = message.indexOf('\'');
            return "option " + message.substring(quote, message.indexOf('\'', quote + 1) + 1) + " is given twice";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = new TreeSet<>(unknown.getKnownPropertyIds().stream().map(String::valueOf).toList())
                    .stream().collect(Collectors.joining(", "));
            return "unknown option '" + unknown.getPropertyName() + "'; known options here: " + known;
        }
        if (e instanceof InvalidFormatException invalid) {
            String message = e.getOriginalMessage();
            if (invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
                return "invalid value '" + invalid.getValue() + "'; expected one of "
                        + enumValues(invalid.getTargetType());
            }
            if (message.contains("invalid duration") || message.contains("invalid size")) {
                return message.substring(message.indexOf("invalid "));
            }
            return "invalid value '" + invalid.getValue() + "': expected " + typeName(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "expected " + typeName(mismatched.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String enumValues(Class<?> type) {
        List<String> values = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            try {
                JsonProperty p = type.getField(((Enum<?>) constant).name()).getAnnotation(JsonProperty.class);
                values.add(p != null ? p.value() : constant.toString());
            } catch (NoSuchFieldException ex) {
                values.add(constant.toString());
            }
        }
        return String.join(", ", values);
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Duration.class) {
            return "a duration, e.g. 250ms, 30s, 5m";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of options";
        }
        return type.getSimpleName();
    }
}
