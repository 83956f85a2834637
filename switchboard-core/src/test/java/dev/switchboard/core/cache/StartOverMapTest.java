package dev.switchboard.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartOverMapTest {

    @Test
    void keepsWhatItMadeUntilFullThenStartsOver() {
        StartOverMap<String, String> map = new StartOverMap<>(2);
        assertThat(map.computeIfAbsent("a", String::toUpperCase)).isEqualTo("A");
        assertThat(map.computeIfAbsent("a", key -> "made again")).isEqualTo("A");
        map.put("b", "B");
        assertThat(map.size()).isEqualTo(2);

        map.merge("c", "C", (held, fresh) -> held + fresh);

        assertThat(map.size()).as("full: cleared before the write").isEqualTo(1);
        assertThat(map.get("a")).isNull();
        assertThat(map.get("c")).isEqualTo("C");
        map.merge("c", "D", (held, fresh) -> held + fresh);
        assertThat(map.get("c")).isEqualTo("CD");
    }

    @Test
    void readingAFullMapClearsNothing() {
        StartOverMap<String, String> map = new StartOverMap<>(1);
        map.put("a", "A");

        assertThat(map.computeIfAbsent("a", key -> "other")).isEqualTo("A");
        assertThat(map.get("a")).isEqualTo("A");
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new StartOverMap<>(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries");
    }
}
