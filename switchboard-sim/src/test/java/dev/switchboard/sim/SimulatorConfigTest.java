package dev.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SimulatorConfig config = SimulatorConfig.defaults();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
        assertThat(config.timeToFirstToken()).isEqualTo(Duration.ZERO);
        assertThat(config.tokensPerSecond()).isZero();
        assertThat(config.responseTokens()).isEqualTo(16);
        assertThat(config.embeddingDimensions()).isEqualTo(384);
        assertThat(config.rate429() + config.rate500() + config.rateTimeout() + config.rateDisconnect()).isZero();
        assertThat(config.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.seed()).isEqualTo(42);
    }

    @Test
    void rateOutsideZeroToOneIsRejectedNamingFieldAndValue() {
        assertThatThrownBy(() -> SimulatorConfig.builder().rate429(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate429 must be in [0,1]: 1.5");
        assertThatThrownBy(() -> SimulatorConfig.builder().rateDisconnect(-0.1).build())
                .hasMessage("rateDisconnect must be in [0,1]: -0.1");
    }

    @Test
    void otherInvalidValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> SimulatorConfig.builder().port(70_000).build()).hasMessageStartingWith("port ");
        assertThatThrownBy(() -> SimulatorConfig.builder().tokensPerSecond(-1).build())
                .hasMessageStartingWith("tokensPerSecond ");
        assertThatThrownBy(() -> SimulatorConfig.builder().responseTokens(0).build())
                .hasMessageStartingWith("responseTokens ");
        assertThatThrownBy(() -> SimulatorConfig.builder().timeToFirstToken(Duration.ofMillis(-1)).build())
                .hasMessageStartingWith("timeToFirstToken ");
        assertThatThrownBy(() -> SimulatorConfig.builder().embeddingDimensions(0).build())
                .hasMessageStartingWith("embeddingDimensions ");
    }

    @Test
    void retryAfterIsSentInWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(SimulatorConfig.builder().retryAfter(Duration.ZERO).build().retryAfterSeconds()).isEqualTo(1);
        assertThat(SimulatorConfig.builder().retryAfter(Duration.ofMillis(2001)).build().retryAfterSeconds()).isEqualTo(3);
        assertThat(SimulatorConfig.builder().retryAfter(Duration.ofSeconds(5)).build().retryAfterSeconds()).isEqualTo(5);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        SimulatorConfig config = SimulatorConfig.builder().port(1234).tokensPerSecond(50).rate500(0.25).seed(7).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }
}
