package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.spi.ProviderRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code guards} section: defaults, tenant overrides, line-accurate problems. */
class GuardsConfigTest {

    private static SwitchboardConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of(), ProviderRegistry.builtIn()).parse("s.yaml", yaml);
    }

    private static String problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("a problem in\n%s", yaml).isNotNull();
        return e.getMessage();
    }

    @Test
    void everyGuardIsOffByDefault() throws ConfigException {
        GuardsConfig guards = parse("").guards();

        assertThat(guards.injection().parsedAction()).isEqualTo(GuardsConfig.Action.OFF);
        assertThat(guards.injection().threshold()).isEqualTo(0.5);
        assertThat(guards.injection().roles()).containsExactly("user", "tool");
        assertThat(guards.moderation().inputAction()).isEqualTo(GuardsConfig.Action.OFF);
        assertThat(guards.moderation().outputAction()).isEqualTo(GuardsConfig.Action.OFF);
        assertThat(guards.leakage().parsedAction()).isEqualTo(GuardsConfig.Action.OFF);
    }

    @Test
    void tenantOverridesReplaceOnlyTheOptionsTheyName() throws ConfigException {
        GuardsConfig guards = parse("""
                guards:
                  injection: { action: block, threshold: 0.7 }
                  moderation: { input: flag, output: block, thresholds: { hate: 0.3 } }
                  tenants:
                    lab:
                      injection: { action: flag }
                      moderation: { thresholds: { violence: 0.9 } }
                """).guards();

        GuardsConfig lab = guards.forTenant("lab");
        assertThat(lab.injection().parsedAction()).isEqualTo(GuardsConfig.Action.FLAG);
        assertThat(lab.injection().threshold()).isEqualTo(0.7);
        assertThat(lab.moderation().outputAction()).isEqualTo(GuardsConfig.Action.BLOCK);
        assertThat(lab.moderation().thresholdOf("hate")).isEqualTo(0.3);
        assertThat(lab.moderation().thresholdOf("violence")).isEqualTo(0.9);
        assertThat(lab.moderation().thresholdOf("sexual")).isEqualTo(0.5);
        assertThat(guards.forTenant("other").injection().parsedAction()).isEqualTo(GuardsConfig.Action.BLOCK);
    }

    @Test
    void bareOffInYamlMeansOff() throws ConfigException {
        assertThat(parse("guards:\n  injection: { action: off }\n").guards().injection().parsedAction())
                .isEqualTo(GuardsConfig.Action.OFF);
    }

    @Test
    void remoteClassifierGetsItsDefaults() throws ConfigException {
        RemoteClassifierConfig remote = parse("""
                guards:
                  injection:
                    action: block
                    remote: { url: "http://triton:8000", model: prompt-guard }
                """).guards().injection().remote();

        assertThat(remote.input()).isEqualTo("text");
        assertThat(remote.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(remote.failClosed()).isFalse();
    }

    @Test
    void invalidSettingsAreReportedWithLineAndField() {
        String message = problems("""
                guards:
                  injection: { action: refuse, threshold: 1.5, roles: [user, robot] }
                  moderation: { output: strip, thresholds: { gore: 0.2 } }
                  leakage: { action: block, threshold: -1 }
                """);

        assertThat(message)
                .contains("s.yaml:2: guards.injection.action: invalid value 'refuse'; expected one of off, flag, block, strip")
                .contains("guards.injection.threshold: must be between 0 and 1, was 1.5")
                .contains("guards.injection.roles[1]: unknown role 'robot'")
                .contains("guards.moderation.output: invalid value 'strip'; expected one of off, flag, block")
                .contains("guards.moderation.thresholds.gore: unknown category 'gore'")
                .contains("guards.leakage.threshold: must be between 0 and 1, was -1.0");
    }

    @Test
    void remoteClassifierWithoutUrlOrWithUnknownFailureModeIsRejected() {
        String message = problems("""
                guards:
                  moderation:
                    remote: { model: "bad name", failure: sometimes }
                  tenants:
                    lab: { injection: { remote: { url: "ftp://x", model: m } } }
                """);

        assertThat(message)
                .contains("guards.moderation.remote.url: must be an http(s) URL")
                .contains("guards.moderation.remote.model: must be a model name")
                .contains("guards.moderation.remote.failure: invalid value 'sometimes'; expected open or closed")
                .contains("guards.tenants.lab.injection.remote.url: must be an http(s) URL");
    }
}
