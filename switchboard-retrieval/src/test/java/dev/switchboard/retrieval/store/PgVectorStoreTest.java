package dev.switchboard.retrieval.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.time.Ticker;
import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.embed.HashingEmbedder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against real PostgreSQL with pgvector ({@code SWITCHBOARD_TEST_PG_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code SWITCHBOARD_TEST_PG_USER}, default
 * {@code postgres}; {@code scripts/test} sets it up), each test in a fresh schema. The {@code halfvec} variant is
 * {@link HalfvecStoreTest}.
 */
class PgVectorStoreTest extends ChunkStoreContract {

    static final String URL = env("SWITCHBOARD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = env("SWITCHBOARD_TEST_PG_USER", "postgres");

    private final String schema = "sb_rtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    boolean halfvec() {
        return false;
    }

    @Override
    ChunkStore open() {
        try (Connection admin = DriverManager.getConnection(URL, USER, null); Statement s = admin.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL at " + URL + " (run scripts/test, which installs"
                    + " pgvector): " + e.getMessage(), e);
        }
        return reopen();
    }

    @Override
    ChunkStore reopen() {
        return new PgVectorStore(url(), USER, null, halfvec(), 4);
    }

    /**
     * A collection of 1,500 chunks that all hold "wing" and a fifth "flap", and one chunk with
     * "flutter": after the store analyzes it, a query for the three ranks the rare word's chunk first,
     * and with a budget of 200 candidates ranks only the chunks holding words that fit in it.
     */
    @Test
    void keywordSearchWeighsRareWordsAndRanksOnlyTheChunksItsBudgetAllows() {
        try (PgVectorStore small = new PgVectorStore(url(), USER, null, halfvec(), 2, 200, Ticker.system());
             PgVectorStore large = new PgVectorStore(url(), USER, null, halfvec(), 2)) {
            HashingEmbedder embedder = new HashingEmbedder("test/hashing-8", 8);
            small.create(new CollectionInfo("wings", embedder.model(), 8));
            for (int d = 0; d < 15; d++) {
                List<IndexedChunk> chunks = new ArrayList<>();
                for (int p = 0; p < 100; p++) {
                    String text = "Wing wing wing panel " + (d * 100 + p) + (p % 5 == 0 ? ", flap hinge." : ", root rib.");
                    chunks.add(indexed("doc" + d, p, text, embedder));
                }
                small.replace("wings", "doc" + d, chunks);
            }
            small.replace("wings", "rare", List.of(indexed("rare", 0, "The wing showed flutter.", embedder)));
            small.commit(); // 1,501 chunks written: analyzed now

            assertThat(small.keyword("wings", "wing flap flutter", Filter.NONE, 5)).extracting(h -> h.chunk().id())
                    .as("only 'flutter' fits in 200 candidates: 'flap' is in 300 chunks").containsExactly("rare#0");
            List<Hit> all = large.keyword("wings", "wing flap flutter", Filter.NONE, 5);
            assertThat(all).hasSize(5);
            assertThat(all.getFirst().chunk().id()).as("the rare word outweighs three times 'wing'").isEqualTo("rare#0");
            assertThat(all.get(1).chunk().text()).contains("flap");
            assertThat(large.keyword("wings", "the and of", Filter.NONE, 5)).as("stop words only").isEmpty();
        }
    }

    private String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public";
    }

    private static IndexedChunk indexed(String document, int position, String text, HashingEmbedder embedder) {
        return new IndexedChunk(new Chunk(document, position, List.of(), text, Map.of()), null, "hash",
                embedder.passages(List.of(text)).getFirst());
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection admin = DriverManager.getConnection(URL, USER, null); Statement s = admin.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
