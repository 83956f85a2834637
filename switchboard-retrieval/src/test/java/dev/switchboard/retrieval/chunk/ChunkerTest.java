package dev.switchboard.retrieval.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.embed.HashingEmbedder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static final String HANDBOOK = """
            # Handbook

            Welcome to the company.

            ## Leave

            You have 25 days of leave a year. Ask your manager two weeks ahead.

            ### Sick leave

            Call in before 9am when you are sick.

            ## Expenses

            Keep every receipt.
            """;

    @Test
    void chunksKeepTheirHeadingPathAndNeverSpanTwoSections() {
        List<Chunk> chunks = new StructuredChunker(ChunkingOptions.DEFAULT)
                .chunk(new Document("hb", "Handbook", HANDBOOK, Map.of("tenant", List.of("acme"))));
        assertThat(chunks).extracting(Chunk::headingPath).containsExactly(
                List.of("Handbook"), List.of("Handbook", "Leave"), List.of("Handbook", "Leave", "Sick leave"),
                List.of("Handbook", "Expenses"));
        assertThat(chunks).extracting(Chunk::position).containsExactly(0, 1, 2, 3);
        assertThat(chunks.get(1).text()).isEqualTo("You have 25 days of leave a year. Ask your manager two weeks ahead.");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.documentId()).isEqualTo("hb");
            assertThat(c.metadata()).containsEntry("tenant", List.of("acme"));
        });
        assertThat(chunks.get(3).id()).isEqualTo("hb#3");
    }

    @Test
    void longTextIsCutIntoChunksWithinTheTokenLimitWithOverlap() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            text.append("Sentence number ").append(i).append(" talks about wing flutter at speed. ");
            if (i % 7 == 6) {
                text.append("\n\n");
            }
        }
        ChunkingOptions options = new ChunkingOptions(64, 12, false, 90);
        List<Chunk> chunks = new StructuredChunker(options).chunk(new Document("d", null, text.toString()));
        assertThat(chunks.size()).isGreaterThan(5);
        assertThat(chunks).allSatisfy(c -> assertThat(Tokens.count(c.text())).isLessThanOrEqualTo(64));
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1).text();
            String lastSentence = previous.substring(previous.lastIndexOf("Sentence number"));
            assertThat(chunks.get(i).text()).as("chunk %d starts with the end of chunk %d", i, i - 1)
                    .startsWith(lastSentence);
        }
        assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList())).contains("Sentence number 59 ");
    }

    @Test
    void aSentenceLongerThanTheLimitIsCutBetweenWords() {
        String words = "aerodynamic ".repeat(200).strip();
        List<Chunk> chunks = new StructuredChunker(new ChunkingOptions(32, 0, false, 90))
                .chunk(new Document("d", null, words));
        assertThat(chunks.size()).isGreaterThan(3);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(Tokens.count(c.text())).isLessThanOrEqualTo(32);
            assertThat(c.text()).doesNotStartWith(" ").matches("(aerodynamic ?)+");
        });
    }

    @Test
    void fencedCodeStaysOneParagraphEvenWithHashLines() {
        String text = "# Setup\n\n```sh\n# not a heading\nmake\n```\n\nDone.";
        List<Chunk> chunks = new StructuredChunker(ChunkingOptions.DEFAULT).chunk(new Document("d", null, text));
        assertThat(chunks).hasSize(1);
        assertThat(chunks.getFirst().headingPath()).containsExactly("Setup");
        assertThat(chunks.getFirst().text()).contains("# not a heading").endsWith("Done.");
    }

    @Test
    void semanticModeSplitsWhereTheTopicTurns() {
        String text = "Wings lift aircraft. Wings bend under load. Wings flutter at speed. Wings carry fuel tanks."
                + " Bread needs yeast. Bread dough must rise. Bread bakes in ovens. Bread crust turns golden.";
        Chunker semantic = Chunker.of(new ChunkingOptions(256, 0, true, 85), new HashingEmbedder());
        List<Chunk> chunks = semantic.chunk(new Document("d", null, text));
        assertThat(chunks).extracting(Chunk::text).containsExactly(
                "Wings lift aircraft. Wings bend under load. Wings flutter at speed. Wings carry fuel tanks.",
                "Bread needs yeast. Bread dough must rise. Bread bakes in ovens. Bread crust turns golden.");
        Chunker structured = Chunker.of(new ChunkingOptions(256, 0, false, 85), new HashingEmbedder());
        assertThat(structured.chunk(new Document("d", null, text))).hasSize(1);
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> new ChunkingOptions(8, 0, false, 90)).hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> new ChunkingOptions(100, 60, false, 90)).hasMessageContaining("overlap_tokens");
    }

    @Test
    void tokenEstimateCountsWordsPiecesAndPunctuation() {
        assertThat(Tokens.count("Hello, world!")).isEqualTo(4);
        assertThat(Tokens.count("internationalization")).isEqualTo(4);
        assertThat(Tokens.count("")).isZero();
    }
}
