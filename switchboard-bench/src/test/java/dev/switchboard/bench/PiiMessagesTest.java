package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PII benchmarks' messages: fixed by the seed, of the asked size, with personal data in them. */
class PiiMessagesTest {

    @Test
    void theSameSeedGivesTheSameMessagesAndAnotherSeedOthers() {
        assertThat(new PiiMessages(7).messages(20, 1000)).isEqualTo(new PiiMessages(7).messages(20, 1000));
        assertThat(new PiiMessages(8).messages(20, 1000)).isNotEqualTo(new PiiMessages(7).messages(20, 1000));
    }

    @Test
    void messagesAreAtLeastTheAskedSizeAndAtMostASentenceLonger() {
        List<String> messages = new PiiMessages(42).messages(200, 1000);
        assertThat(messages).allSatisfy(m -> assertThat(m.getBytes(StandardCharsets.UTF_8).length).isBetween(1000, 1200));
        assertThat(messages).doesNotHaveDuplicates();
    }

    @Test
    void mostMessagesCarryAnEmailAddressOrACardNumberOrAName() {
        List<String> messages = new PiiMessages(42).messages(200, 1000);
        long withEmail = messages.stream().filter(m -> m.matches("(?s).*[a-z]@[a-z-]+\\..*")).count();
        long withCard = messages.stream().filter(m -> m.matches("(?s).*\\b4\\d{3} \\d{4} \\d{4} \\d{4}\\b.*")).count();
        assertThat(withEmail).isGreaterThan(100);
        assertThat(withCard).isGreaterThan(20);
    }

    @Test
    void thePiiPromptOfTheLatencyBenchmarkIsAboutTwoKilobytesOfValidJsonString() {
        assertThat(BenchOptions.PII_PROMPT.getBytes(StandardCharsets.UTF_8).length).isBetween(2000, 2200);
        assertThat(Target.jsonEscape("a\"b\\c\nd\u0001")).isEqualTo("a\\\"b\\\\c\\nd\\u0001");
    }
}
