package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.spi.ProviderRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keys in a config never show up in error messages or in the config's string forms. */
class ConfigSecretsTest {

    private static final String API_KEY = "sk-live-4f9a7c2e1b";
    private static final String MASTER_KEY = "mk-8d3e6a0b5c";

    private static String messageOf(Map<String, String> env, String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(env, ProviderRegistry.builtIn()).parse("s.yaml", yaml));
        assertThat(e).as("a problem in\n%s", yaml).isNotNull();
        return e.getMessage();
    }

    @Test
    void providerConfigToStringRedactsTheApiKey() {
        ProviderConfig config = new ProviderConfig("openai", "https://api.openai.com/v1", API_KEY, null,
                Map.of("authorization-extra", "Bearer " + API_KEY), null, null, null);

        assertThat(config.toString())
                .doesNotContain(API_KEY)
                .contains("apiKey=<redacted>")
                .contains("baseUrl=https://api.openai.com/v1");
        assertThat(new ProviderConfig("openai", "http://h", null, null, null, null, null, null).toString()).contains("apiKey=unset");
    }

    @Test
    void authConfigToStringRedactsTheMasterKey() {
        assertThat(new AuthConfig(MASTER_KEY, MASTER_KEY + "-pepper").toString())
                .isEqualTo("AuthConfig[masterKey=<redacted>, keyPepper=<redacted>]");
        assertThat(new AuthConfig(null, null).toString()).isEqualTo("AuthConfig[masterKey=unset, keyPepper=unset]");
    }

    @Test
    void wholeConfigToStringCarriesNoSecret() throws ConfigException {
        SwitchboardConfig config = new ConfigLoader(Map.of("K", API_KEY), ProviderRegistry.builtIn()).parse("s.yaml", """
                auth:
                  master_key: %s-padding-padding
                providers:
                  azure:
                    type: azure-openai
                    base_url: https://x.openai.azure.com
                    api_key: ${env:K}
                    api_version: "2024-10-21"
                """.formatted(MASTER_KEY));

        assertThat(config.toString()).doesNotContain(API_KEY).doesNotContain(MASTER_KEY);
    }

    @Test
    void tooShortMasterKeyIsReportedWithoutItsValue() {
        String message = messageOf(Map.of(), "auth:\n  master_key: " + MASTER_KEY.substring(0, 10) + "\n");

        assertThat(message).contains("auth.master_key").doesNotContain(MASTER_KEY.substring(0, 10));
    }

    @Test
    void masterKeyWithASpaceIsReportedWithoutItsValue() {
        String key = "correct horse battery staple";
        String message = messageOf(Map.of(), "auth:\n  master_key: \"" + key + "\"\n");

        assertThat(message).contains("auth.master_key").doesNotContain("horse");
    }

    @Test
    void problemsNextToAnApiKeyDoNotRevealIt() {
        String message = messageOf(Map.of("AZURE_KEY", API_KEY), """
                providers:
                  azure:
                    type: azure-openai
                    base_url: https://x.openai.azure.com
                    api_key: ${env:AZURE_KEY}
                  literal:
                    type: azure-openai
                    api_key: %s
                """.formatted(API_KEY));

        assertThat(message).contains("providers.azure.api_version", "providers.literal.base_url")
                .doesNotContain(API_KEY);
    }

    @Test
    void apiKeyOfTheWrongTypeIsReportedWithoutItsValue() {
        String message = messageOf(Map.of(), """
                providers:
                  p:
                    type: openai
                    base_url: http://h/v1
                    api_key: [%s]
                """.formatted(API_KEY));

        assertThat(message).contains("providers.p.api_key").doesNotContain(API_KEY);
    }

    @Test
    void unknownOptionBesideAnApiKeyDoesNotRevealIt() {
        String message = messageOf(Map.of(), """
                providers:
                  p:
                    type: openai
                    api_key: %s
                    api_kye: %s
                """.formatted(API_KEY, API_KEY));

        assertThat(message).contains("unknown option 'api_kye'").doesNotContain(API_KEY);
    }

    @Test
    void yamlSyntaxErrorOnTheApiKeysLineDoesNotRevealTheKey() {
        // SnakeYAML's messages quote the offending line, key included.
        String message = messageOf(Map.of(), """
                providers:
                  p:
                    type: openai
                    api_key: "%s
                """.formatted(API_KEY));

        assertThat(message).startsWith("s.yaml:4: invalid YAML").doesNotContain(API_KEY);
    }

    @Test
    void yamlSyntaxErrorOnTheMasterKeysLineDoesNotRevealTheKey() {
        String message = messageOf(Map.of(), """
                auth:
                  master_key: %s: oops
                """.formatted(MASTER_KEY));

        assertThat(message).startsWith("s.yaml:2: invalid YAML").doesNotContain(MASTER_KEY);
    }
}
