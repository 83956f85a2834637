package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.spi.ProviderRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code tools} section and {@code guided_decoding}: binding, defaults, problems with their lines. */
class ToolsConfigTest {

    private static SwitchboardConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of(), ProviderRegistry.builtIn()).parse("s.yaml", yaml);
    }

    private static String problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("a problem in\n%s", yaml).isNotNull();
        return e.getMessage();
    }

    @Test
    void defaultsAllowEveryToolAndRepairTwice() throws ConfigException {
        ToolsConfig tools = parse("").tools();

        assertThat(tools.allow()).containsExactly("*");
        assertThat(tools.deny()).isEmpty();
        assertThat(ToolsConfig.OnInvalid.parse(tools.onInvalidArguments())).isEqualTo(ToolsConfig.OnInvalid.REPAIR);
        assertThat(ToolsConfig.OnInvalid.parse(tools.onInvalidResponse())).isEqualTo(ToolsConfig.OnInvalid.REPAIR);
        assertThat(tools.maxRepairs()).isEqualTo(2);
    }

    @Test
    void bindsListsPoliciesTenantsAndGuidedDecoding() throws ConfigException {
        SwitchboardConfig config = parse("""
                providers:
                  vllm: { type: openai, base_url: "http://h:8000/v1", guided_decoding: structured_outputs }
                tools:
                  allow: [search_*, get_weather]
                  deny: [search_internal]
                  on_invalid_arguments: off
                  on_invalid_response: error
                  max_repairs: 1
                  tenants:
                    acme: { allow: ["*"], max_repairs: 0 }
                """);

        ToolsConfig tools = config.tools();
        assertThat(tools.allow()).containsExactly("search_*", "get_weather");
        assertThat(ToolsConfig.OnInvalid.parse(tools.onInvalidArguments())).isEqualTo(ToolsConfig.OnInvalid.OFF);
        assertThat(tools.tenants().get("acme").maxRepairs()).isZero();
        assertThat(tools.tenants().get("acme").deny()).isNull();
        assertThat(config.providers().get("vllm").guidedDecoding()).isEqualTo("structured_outputs");
    }

    @Test
    void badValuesAreReportedWithTheirLines() {
        String message = problems("""
                providers:
                  vllm: { type: openai, base_url: "http://h:8000/v1", guided_decoding: outlines }
                tools:
                  allow: ["shell; rm"]
                  on_invalid_response: off
                  max_repairs: 9
                  tenants:
                    acme: { deny: [""], on_invalid_arguments: retry }
                """);

        assertThat(message)
                .contains("s.yaml:2: providers.vllm.guided_decoding: invalid value 'outlines'; expected one of"
                        + " response_format, guided_json, structured_outputs, none")
                .contains("s.yaml:4: tools.allow[0]: tool names and globs use letters, digits, _ - * ? (at most 64):"
                        + " 'shell; rm'")
                .contains("tools.on_invalid_response: invalid value 'off'; expected one of repair, error")
                .contains("s.yaml:6: tools.max_repairs: must be between 0 and 5, was 9")
                .contains("tools.tenants.acme.deny[0]")
                .contains("tools.tenants.acme.on_invalid_arguments: invalid value 'retry'");
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThat(problems("tools:\n  allowed: [a]\n")).contains("unknown option 'allowed'");
    }
}
