package dev.switchboard.core.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkScannerTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String stripped(String json) {
        return new String(ChunkScanner.withoutNullUsage(bytes(json)), StandardCharsets.UTF_8);
    }

    @Test
    void findsAUsageObjectButNotANullOneOrTheWordInsideText() {
        assertThat(ChunkScanner.hasUsage(bytes("{\"choices\":[],\"usage\":{\"prompt_tokens\":3}}"))).isTrue();
        assertThat(ChunkScanner.hasUsage(bytes("{\"choices\":[],\"usage\": null}"))).isFalse();
        assertThat(ChunkScanner.hasUsage(bytes("{\"content\":\"the \\\"usage\\\": {} field\"}"))).isFalse();
    }

    @Test
    void removesANullUsageMemberWhereverItStands() {
        assertThat(stripped("{\"id\":\"c\",\"choices\":[],\"usage\":null}")).isEqualTo("{\"id\":\"c\",\"choices\":[]}");
        assertThat(stripped("{\"usage\" : null , \"id\":\"c\"}")).isEqualTo("{ \"id\":\"c\"}");
        assertThat(stripped("{\"usage\":null}")).isEqualTo("{}");
    }

    @Test
    void leavesEverythingElseAsItWas() {
        byte[] withUsage = bytes("{\"choices\":[],\"usage\":{\"total_tokens\":1}}");
        byte[] textMentioningIt = bytes("{\"content\":\"\\\"usage\\\":null\"}");
        assertThat(ChunkScanner.withoutNullUsage(withUsage)).isSameAs(withUsage);
        assertThat(ChunkScanner.withoutNullUsage(textMentioningIt)).isSameAs(textMentioningIt);
    }

    @Test
    void collectsAnswerTextAndToolArgumentsStillEscaped() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ChunkScanner.appendText(bytes("{\"delta\":{\"content\":\"Hi \\\"you\\\"\"}}"), text, 100);
        ChunkScanner.appendText(bytes("{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}}"), text, 100);
        ChunkScanner.appendText(bytes("{\"delta\":{\"content\":null}}"), text, 100);
        assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("Hi \\\"you\\\"{}");
    }
}
