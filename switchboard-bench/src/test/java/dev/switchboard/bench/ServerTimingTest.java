package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerTimingTest {

    private static long gateway(String header) {
        return ServerTiming.durationMicros(header, ServerTiming.GATEWAY);
    }

    @Test
    void readsTheGatewayAndUpstreamDurationsInMicroseconds() {
        String header = "gateway;dur=0.412, upstream;dur=1.203";

        assertThat(gateway(header)).isEqualTo(412);
        assertThat(ServerTiming.durationMicros(header, "upstream")).isEqualTo(1_203);
    }

    @Test
    void findsTheGatewayAmongOtherMetricsAndParameters() {
        assertThat(gateway("db;dur=53, app;dur=47.2;desc=\"App\", gateway;dur=2.5, cache")).isEqualTo(2_500);
        assertThat(gateway("gateway;desc=handler;dur=12")).isEqualTo(12_000);
        assertThat(gateway("miss, ,gateway;dur=7")).isEqualTo(7_000);
    }

    @Test
    void quotedStringsMayHoldCommasSemicolonsAndEscapedQuotes() {
        assertThat(gateway("gateway;desc=\"parse, route; call \\\"bench\\\"\";dur=0.3")).isEqualTo(300);
        assertThat(gateway("cache;desc=\"x, gateway;dur=9\", gateway;dur=1")).isEqualTo(1_000);
        assertThat(gateway("cache;desc=\"gateway;dur=9\"")).isEqualTo(ServerTiming.NONE);
    }

    @Test
    void toleratesSpacesAroundSeparatorsParameterNamesInAnyCaseAndAQuotedDuration() {
        assertThat(gateway(" gateway ; DUR = 0.25 ,upstream;dur=1")).isEqualTo(250);
        assertThat(gateway("gateway;\tDur=\"0.5\"")).isEqualTo(500);
    }

    @Test
    void theFirstGatewayMetricAndItsFirstDurationWin() {
        assertThat(gateway("gateway;dur=1;dur=2, gateway;dur=3")).isEqualTo(1_000);
        assertThat(gateway("gateway, gateway;dur=3")).isEqualTo(ServerTiming.NONE);
    }

    @Test
    void roundsToTheNearestMicrosecond() {
        assertThat(gateway("gateway;dur=0.0004")).isZero();
        assertThat(gateway("gateway;dur=0.0006")).isEqualTo(1);
        assertThat(gateway("gateway;dur=0")).isZero();
        assertThat(gateway("gateway;dur=1234.5678")).isEqualTo(1_234_568);
    }

    @Test
    void anAbsentHeaderGivesNothing() {
        assertThat(gateway(null)).isEqualTo(ServerTiming.NONE);
        assertThat(gateway("")).isEqualTo(ServerTiming.NONE);
        assertThat(gateway("upstream;dur=1.2")).isEqualTo(ServerTiming.NONE);
        assertThat(gateway("Gateway;dur=1")).as("metric names are case-sensitive").isEqualTo(ServerTiming.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "gateway",
        "gateway;dur",
        "gateway;dur=",
        "gateway;desc=\"unterminated;dur=1",
        "gateway;dur=1, upstream;desc=\"unterminated",
        "gateway;dur=1 trailing",
        "gateway;;dur=1",
        "gateway;=1",
        "gateway;dur=1, ;x",
        "gateway dur=1",
        "gateway;dur=1;desc=\"x\\",
        "=gateway;dur=1",
        "gateway;dur=1\u00e9",
    })
    void aMalformedHeaderOrAMissingDurationGivesNothing(String header) {
        assertThat(gateway(header)).isEqualTo(ServerTiming.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.5", "+1", "0.4ms", "1s", "1e3", "1.2.3", ".", "NaN", "Infinity", "0x10", "1_000"})
    void aDurationThatIsNotPlainNonNegativeMillisecondsGivesNothing(String dur) {
        assertThat(gateway("gateway;dur=" + dur)).as(dur).isEqualTo(ServerTiming.NONE);
        assertThat(gateway("gateway;dur=\"" + dur + "\"")).as("quoted " + dur).isEqualTo(ServerTiming.NONE);
    }
}
