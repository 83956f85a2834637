package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.spi.ProviderRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservabilityConfigTest {

    private static SwitchboardConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of("OTEL_TOKEN", "secret-token"), ProviderRegistry.builtIn())
                .parse("switchboard.yaml", yaml);
    }

    @Test
    void withoutASectionMetricsAndTheRequestLogAreOnAndTracingIsOff() throws ConfigException {
        ObservabilityConfig observability = parse("").observability();

        assertThat(observability.metrics().enabled()).isTrue();
        assertThat(observability.tracing().enabled()).isFalse();
        assertThat(observability.tracing().captureContent()).isFalse();
        assertThat(observability.requestLog().enabled()).isTrue();
        assertThat(observability.requestLog().bodies()).isFalse();
        assertThat(observability.requestLog().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(observability.logs().format()).isEqualTo(ObservabilityConfig.LogFormat.TEXT);
        assertThat(observability.allOff()).isFalse();
    }

    @Test
    void readsEveryOption() throws ConfigException {
        ObservabilityConfig observability = parse("""
                observability:
                  metrics: { enabled: false }
                  tracing:
                    otlp_endpoint: http://collector:4317
                    protocol: grpc
                    headers: { authorization: "Bearer ${env:OTEL_TOKEN}" }
                    sample_ratio: 0.25
                    capture_content: true
                    service_name: gw
                  request_log: { enabled: false, bodies: true, max_body_chars: 100, retention: 30d,
                                 flush_interval: 5s, prune_interval: 10m }
                  logs: { format: json }
                """).observability();

        assertThat(observability.metrics().enabled()).isFalse();
        ObservabilityConfig.Tracing tracing = observability.tracing();
        assertThat(tracing.enabled()).isTrue();
        assertThat(tracing.protocol()).isEqualTo(ObservabilityConfig.Protocol.GRPC);
        assertThat(tracing.headers()).containsEntry("authorization", "Bearer secret-token");
        assertThat(tracing.toString()).doesNotContain("secret-token");
        assertThat(tracing.sampleRatio()).isEqualTo(0.25);
        assertThat(tracing.serviceName()).isEqualTo("gw");
        assertThat(observability.requestLog().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(observability.requestLog().maxBodyChars()).isEqualTo(100);
        assertThat(observability.logs().format()).isEqualTo(ObservabilityConfig.LogFormat.JSON);
    }

    @Test
    void badValuesAreReportedWithTheirLines() {
        String yaml = """
                observability:
                  tracing:
                    otlp_endpoint: collector:4317
                    sample_ratio: 1.5
                    protocol: thrift
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e.getMessage()).contains(
                "switchboard.yaml:5: observability.tracing.protocol: invalid value 'thrift'; expected one of http, grpc");
        ConfigException format = catchThrowableOfType(ConfigException.class, () -> parse("""
                observability:
                  logs: { format: xml }
                """));
        assertThat(format.getMessage()).contains(
                "switchboard.yaml:2: observability.logs.format: invalid value 'xml'; expected one of text, json");
        ConfigException semantic = catchThrowableOfType(ConfigException.class, () -> parse("""
                observability:
                  tracing:
                    otlp_endpoint: collector:4317
                    sample_ratio: 1.5
                  request_log: { retention: 0s }
                """));
        assertThat(semantic.getMessage())
                .contains("switchboard.yaml:3: observability.tracing.otlp_endpoint: must be an http:// or https:// URL")
                .contains("switchboard.yaml:4: observability.tracing.sample_ratio: must be between 0 and 1, was 1.5")
                .contains("observability.request_log.retention: must be more than 0");
    }
}
