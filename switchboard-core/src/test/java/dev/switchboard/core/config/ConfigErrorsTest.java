package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.spi.ProviderRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every way a config file can be wrong is reported as {@code file:line: path: message}, with the
 * line of the option at fault.
 */
class ConfigErrorsTest {

    private static final String SOURCE = "switchboard.yaml";

    private static ConfigException problemsOf(String yaml) {
        return problemsOf(Map.of(), yaml);
    }

    private static ConfigException problemsOf(Map<String, String> env, String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(env, ProviderRegistry.builtIn()).parse(SOURCE, yaml));
        assertThat(e).as("problems of\n%s", yaml).isNotNull();
        return e;
    }

    /** The 1-based line of the only line of {@code yaml} that contains {@code fragment}. */
    static int lineOf(String yaml, String fragment) {
        String[] lines = yaml.split("\n", -1);
        int found = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                assertThat(found).as("'%s' appears more than once", fragment).isZero();
                found = i + 1;
            }
        }
        assertThat(found).as("'%s' not found", fragment).isPositive();
        return found;
    }

    private static String at(String yaml, String fragment) {
        return SOURCE + ":" + lineOf(yaml, fragment) + ": ";
    }

    @Test
    void yamlSyntaxErrorIsReportedWithItsLine() {
        String yaml = """
                server:
                  port: 8080
                  host: 127.0.0.1: 9
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith(SOURCE + ":3: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void fileThatIsNotAMappingIsRejected() {
        ConfigException e = problemsOf("- providers\n- models\n");

        assertThat(e.getMessage()).isEqualTo(SOURCE + ":1: the file must be a mapping of options,"
                + " e.g. 'providers:' and 'models:'");
    }

    @Test
    void unknownOptionIsReportedWithTheKnownOptionsOfItsSection() {
        String yaml = """
                server:
                  port: 8080
                  max_body: 4MiB
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(at(yaml, "max_body") + "server.max_body: unknown option 'max_body';"
                + " known options here: config_poll_interval, host, idle_timeout, max_body_bytes, max_connections, max_messages, max_scheduling_delay, port, read_timeout, server_timing");
    }

    @Test
    void unknownOptionDeepInsideAListIsReportedWithItsPathAndLine() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://h/v1" }
                models:
                  - name: a
                    deployments:
                      - provider: p
                        model: a
                      - provider: p
                        model: b
                        wieght: 2
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(at(yaml, "wieght") + "models[0].deployments[1].wieght: unknown option"
                + " 'wieght'; known options here: model, name, provider, weight");
    }

    @Test
    void unknownTopLevelOptionIsReported() {
        String yaml = "server: {}\nmodel:\n  - name: x\n";

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(SOURCE + ":2: model: unknown option 'model';"
                + " known options here: accounting, auth, consent, guards, models, observability, pricing, privacy,"
                + " providers, redis, retrieval, routing, server, store, tools");
    }

    @Test
    void wholeNumberOptionGivenTextIsReported() {
        String yaml = """
                server:
                  host: 127.0.0.1
                  port: abc
                """;

        assertThat(problemsOf(yaml).getMessage())
                .isEqualTo(at(yaml, "port: abc") + "server.port: invalid value 'abc': expected a whole number");
    }

    @Test
    void wholeNumberOptionGivenAFractionIsReported() {
        String yaml = """
                routing:
                  retry_backoff: 50ms
                  retries: 1.5
                """;

        assertThat(problemsOf(yaml).getMessage())
                .isEqualTo(at(yaml, "retries: 1.5") + "routing.retries: invalid value '1.5': expected a whole number");
    }

    @Test
    void mappingGivenWhereAListIsExpectedIsReported() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://h/v1" }
                models:
                  name: a
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("models");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "models:"));
            assertThat(p.message()).startsWith("expected a list");
        });
    }

    @Test
    void badDurationIsReportedWithTheAcceptedForms() {
        String yaml = """
                routing:
                  retries: 1
                  timeouts: {idle: 5 parsecs}
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "parsecs") + "routing.timeouts.idle:"
                + " invalid duration '5 parsecs': use a number with a unit, e.g. 250ms, 30s, 5m, 1h (0 for none)");
    }

    @Test
    void badSizeIsReportedWithTheAcceptedForms() {
        String yaml = """
                server:
                  port: 8080
                  max_body_bytes: 4 lightyears
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "lightyears") + "server.max_body_bytes:"
                + " invalid size '4 lightyears': use bytes or a unit, e.g. 4MiB, 512KiB");
    }

    @Test
    void badStrategyListsTheStrategies() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://h/v1" }
                models:
                  - name: a
                    deployments: [{ provider: p, model: a }]
                    strategy: fastest
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "fastest") + "models[0].strategy:"
                + " invalid value 'fastest'; expected one of weighted, least_outstanding, latency");
    }

    @Test
    void missingEnvironmentVariableIsReportedWithItsPathAndLine() {
        String yaml = """
                providers:
                  openai:
                    type: openai
                    base_url: https://api.openai.com/v1
                    api_key: ${env:OPENAI_API_KEY}
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "api_key") + "providers.openai.api_key:"
                + " environment variable OPENAI_API_KEY is not set (write ${env:OPENAI_API_KEY:-default} to give"
                + " a default)");
    }

    @Test
    void everyMissingEnvironmentVariableIsReportedAtOnce() {
        String yaml = """
                server:
                  host: ${env:HOST}
                providers:
                  p: { type: openai, base_url: "http://${env:VLLM}:8000/v1" }
                models:
                  - name: a
                    deployments: [{ provider: p, model: a }]
                    fallbacks:
                      - b
                      - ${env:FALLBACK}
                """;

        ConfigException e = problemsOf(Map.of("VLLM", "10.0.0.1"), yaml);

        assertThat(e.problems()).extracting(Problem::path, Problem::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("server.host", lineOf(yaml, "HOST")),
                org.assertj.core.groups.Tuple.tuple("models[0].fallbacks[1]", lineOf(yaml, "FALLBACK")));
    }

    @Test
    void unclosedEnvReferenceIsReported() {
        String yaml = "server:\n  host: ${env:HOST\n";

        assertThat(problemsOf(yaml).getMessage())
                .isEqualTo(SOURCE + ":2: server.host: unclosed '${env:' reference; write ${env:NAME}");
    }

    @Test
    void deploymentOfAnUnknownProviderIsReported() {
        String yaml = """
                providers:
                  vllm-a: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    deployments:
                      - { provider: vllm-a, model: m }
                      - { provider: vllm-b, model: m }
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "vllm-b") + "models[0].deployments[1].provider:"
                + " unknown provider 'vllm-b'; defined providers: [vllm-a]");
    }

    @Test
    void unknownProviderTypeListsTheKnownTypes() {
        String yaml = """
                providers:
                  ok: { type: openai, base_url: "http://a/v1" }
                  bedrock:
                    type: bedrock
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "type: bedrock") + "providers.bedrock.type:"
                + " unknown provider type 'bedrock'; one of [openai, azure-openai]");
    }

    @Test
    void providerWithoutTypeIsReported() {
        String yaml = """
                providers:
                  p:
                    base_url: http://a/v1
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(SOURCE + ":2: providers.p.type: is required;"
                + " one of [openai, azure-openai]");
    }

    @Test
    void azureWithoutApiVersionAndApiKeyReportsBothAtTheProvidersLine() {
        String yaml = """
                providers:
                  azure:
                    type: azure-openai
                    base_url: https://x.openai.azure.com
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(
                SOURCE + ":2: providers.azure.api_key: is required for azure-openai, e.g. ${env:AZURE_OPENAI_KEY}\n"
                + SOURCE + ":2: providers.azure.api_version: is required for azure-openai, e.g. \"2024-10-21\"");
    }

    @Test
    void openAiWithoutBaseUrlIsReported() {
        String yaml = """
                providers:
                  other: { type: openai, base_url: "http://a/v1" }
                  openai:
                    type: openai
                    api_key: sk-x
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "  openai:") + "providers.openai.base_url:"
                + " is required, e.g. http://10.0.0.5:8000/v1");
    }

    @Test
    void openAiWithANonHttpBaseUrlIsReported() {
        String yaml = """
                providers:
                  openai:
                    type: openai
                    base_url: ftp://files.example.com
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "ftp:") + "providers.openai.base_url:"
                + " must be an http:// or https:// URL, was 'ftp://files.example.com'");
    }

    @Test
    void fallbackToAnUnknownModelIsReportedAtThatFallback() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: big
                    deployments: [{ provider: p, model: big }]
                    fallbacks:
                      - small
                      - tiny
                  - name: small
                    deployments: [{ provider: p, model: small }]
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "- tiny") + "models[0].fallbacks[1]:"
                + " unknown model 'tiny'; fallbacks name other entries of models");
    }

    @Test
    void fallbackToItselfIsReported() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: other
                    deployments: [{ provider: p, model: other }]
                  - name: loop
                    deployments: [{ provider: p, model: loop }]
                    fallbacks: [loop]
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "fallbacks: [loop]") + "models[1].fallbacks[0]:"
                + " a model cannot fall back to itself");
    }

    @Test
    void duplicateModelNameIsReportedAtTheSecondDefinition() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    deployments: [{ provider: p, model: one }]
                  - name: n
                    deployments: [{ provider: p, model: two }]
                  - deployments: [{ provider: p, model: three }]
                    name: m
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "    name: m") + "models[2].name:"
                + " model 'm' is defined twice");
    }

    @Test
    void modelWithAnEmptyDeploymentListIsReported() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    strategy: weighted
                    deployments: []
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "deployments: []") + "models[0].deployments:"
                + " at least one deployment is required, e.g. [{ provider: vllm-a, model: Qwen/Qwen2.5-7B-Instruct }]");
    }

    @Test
    void modelWithoutDeploymentsIsReportedAtTheModel() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: ok
                    deployments: [{ provider: p, model: ok }]
                  - name: m
                    strategy: latency
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("models[1].deployments");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "name: m"));
        });
    }

    @Test
    void modelWhoseWeightsAreAllZeroIsReported() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    deployments:
                      - { provider: p, model: a, weight: 0 }
                      - { provider: p, model: b, weight: 0 }
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "deployments:") + "models[0].deployments:"
                + " at least one deployment needs a weight above 0");
    }

    @Test
    void negativeWeightIsReportedAtTheWeight() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    deployments:
                      - provider: p
                        model: a
                        weight: -1
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "weight: -1") + "models[0].deployments[0].weight:"
                + " must be between 0 and 1000000, was -1");
    }

    @Test
    void sameDeploymentListedTwiceIsReported() {
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    deployments:
                      - { provider: p, model: a }
                      - { provider: p, model: a, weight: 2 }
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "weight: 2") + "models[0].deployments[1]:"
                + " deployment 'p/a' is listed twice; give one a distinct name");
    }

    @Test
    void masterKeyShorterThan16CharactersIsReported() {
        String yaml = """
                server:
                  port: 8080
                auth:
                  master_key: short
                """;

        assertThat(problemsOf(yaml).getMessage()).isEqualTo(at(yaml, "master_key") + "auth.master_key:"
                + " must be at least 16 printable characters without spaces");
    }

    @Test
    void masterKeyWithSpacesIsReported() {
        String yaml = "auth:\n  master_key: \"long enough but has spaces\"\n";

        assertThat(problemsOf(yaml).problems()).extracting(Problem::path).containsExactly("auth.master_key");
    }

    @Test
    void outOfRangeRoutingOptionsAreReported() {
        String yaml = """
                routing:
                  retries: 11
                  retry_backoff: 3s
                  retry_backoff_max: 1s
                  circuit_breaker:
                    failure_threshold: -1
                    cooldown: 0
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(String.join("\n",
                at(yaml, "retries: 11") + "routing.retries: must be between 0 and 10, was 11",
                at(yaml, "retry_backoff_max") + "routing.retry_backoff_max: must not be shorter than retry_backoff (3s)",
                at(yaml, "failure_threshold") + "routing.circuit_breaker.failure_threshold: must be 0 (off) or more, was -1",
                at(yaml, "cooldown") + "routing.circuit_breaker.cooldown: must be more than 0"));
    }

    @Test
    void severalProblemsAreAllReportedAtOnceEachWithItsLine() {
        String yaml = """
                server:
                  max_messages: 0
                auth:
                  master_key: too-short
                providers:
                  azure:
                    type: azure-openai
                    base_url: https://x.openai.azure.com
                    api_key: k
                models:
                  - name: m
                    deployments:
                      - { provider: azure, model: gpt4o }
                      - { provider: nowhere, model: gpt4o }
                    fallbacks: [ghost]
                  - name: m
                    deployments: [{ provider: azure, model: other }]
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(String.join("\n",
                at(yaml, "max_messages") + "server.max_messages: must be at least 1, was 0",
                at(yaml, "master_key") + "auth.master_key: must be at least 16 printable characters without spaces",
                at(yaml, "  azure:") + "providers.azure.api_version: is required for azure-openai, e.g. \"2024-10-21\"",
                at(yaml, "nowhere") + "models[0].deployments[1].provider: unknown provider 'nowhere'; defined providers: [azure]",
                at(yaml, "ghost") + "models[0].fallbacks[0]: unknown model 'ghost'; fallbacks name other entries of models",
                SOURCE + ":16: models[1].name: model 'm' is defined twice"));
        assertThat(e.problems()).hasSize(6);
    }

    @Test
    void emptyModelEntryIsReportedAsEmptyAtItsLine() {
        // ConfigValidator has a message for exactly this ("is empty; a model needs a name and
        // deployments"), but SwitchboardConfig's List.copyOf rejects the null entry first.
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    deployments: [{ provider: p, model: m }]
                  -
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(SOURCE + ":6: models[1]: is empty; a model needs a name and deployments");
    }

    @Test
    void emptyDeploymentEntryIsReportedAsEmptyAtItsLine() {
        // ConfigValidator has a message for this too, unreachable because ModelConfig's List.copyOf
        // throws NullPointerException on the null entry.
        String yaml = """
                providers:
                  p: { type: openai, base_url: "http://a/v1" }
                models:
                  - name: m
                    deployments:
                      - { provider: p, model: m }
                      -
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.getMessage()).isEqualTo(SOURCE + ":7: models[0].deployments[1]: is empty;"
                + " write { provider: NAME, model: UPSTREAM_MODEL }");
    }

    @Test
    void duplicateKeyIsReportedInsteadOfSilentlyOverridingTheFirst() {
        // YAML requires mapping keys to be unique; Jackson keeps the last value by default, so a
        // second 'api_key:' or 'port:' pasted further down silently wins.
        String yaml = """
                server:
                  port: 8080
                  host: 127.0.0.1
                  port: 9090
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("'port' is given twice");
        });
    }

    @Test
    void typeErrorsInDifferentSectionsAreAllReportedAtOnce() {
        // ConfigLoader promises "every problem found"; binding stops at the first wrong type.
        String yaml = """
                server:
                  port: abc
                routing:
                  retries: 1.5
                """;

        ConfigException e = problemsOf(yaml);

        assertThat(e.problems()).extracting(Problem::path).containsExactly("server.port", "routing.retries");
    }
}
