package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndSizesTest {

    @ParameterizedTest(name = "''{0}'' is {1} ns")
    @CsvSource(delimiter = '|', value = {
            "250ms       | 250000000",
            "30s         | 30000000000",
            "5m          | 300000000000",
            "2min        | 120000000000",
            "1h          | 3600000000000",
            "1d          | 86400000000000",
            "0           | 0",
            "2           | 2000000000",
            "1.5s        | 1500000000",
            "0.5ms       | 500000",
            "100us       | 100000",
            "100µs       | 100000",
            "42ns        | 42",
            "'  10 s  '  | 10000000000",
            "PT30S       | 30000000000",
            "pt1m        | 60000000000",
    })
    void durationParsesCommonForms(String text, long nanos) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "   ", "abc", "s", "5 parsecs", "-1s", "1..2s", "10 seconds", "5mm", "PTxyz", "1e3s"})
    void durationRejectsTextItCannotRead(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid duration '" + text + "': use a number with a unit, e.g. 250ms, 30s, 5m, 1h (0 for none)");
    }

    @ParameterizedTest(name = "''{0}'' is rejected as negative")
    @ValueSource(strings = {"PT-1S", "P-1D"})
    void durationRejectsNegativeIsoDurations(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration cannot be negative: '" + text + "'");
    }

    @ParameterizedTest(name = "''{0}'' is too long")
    @ValueSource(strings = {"300000000000d", "99999999999999999999"})
    void durationRejectsValuesBeyondTheRangeOfNanoseconds(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration too long: '" + text + "'");
    }

    @ParameterizedTest(name = "{0} ns formats as ''{1}''")
    @CsvSource({
            "250000000, 250ms",
            "30000000000, 30s",
            "90000000000, 90s",
            "300000000000, 5m",
            "7200000000000, 2h",
            "0, 0s",
            "1500000000, 1500ms",
            "500, 500ns",
    })
    void durationFormatsInTheShortestReadableForm(long nanos, String text) {
        assertThat(Durations.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} survives format then parse")
    @ValueSource(strings = {"250ms", "30s", "5m", "2h", "0s", "1500ms"})
    void formattedDurationsParseBack(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }

    @ParameterizedTest(name = "''{0}'' is {1} bytes")
    @CsvSource(delimiter = '|', value = {
            "4194304   | 4194304",
            "4MiB      | 4194304",
            "4M        | 4194304",
            "512KiB    | 524288",
            "1k        | 1024",
            "1K        | 1024",
            "2 GiB     | 2147483648",
            "1G        | 1073741824",
            "1MB       | 1000000",
            "1KB       | 1000",
            "1kB       | 1000",
            "3GB       | 3000000000",
            "10B       | 10",
            "' 64 KiB '| 65536",
            "0         | 0",
    })
    void sizeParsesCommonForms(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "MiB", "4 lightyears", "-1", "1.5MiB", "4 mib", "4Mb", "9999999999999999999",
            "9000000000GiB", "0x10"})
    void sizeRejectsTextItCannotRead(String text) {
        assertThatThrownBy(() -> ByteSizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid size '" + text + "': use bytes or a unit, e.g. 4MiB, 512KiB");
    }
}
