package dev.switchboard.retrieval.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    void ndcgIsOneForTheIdealOrderAndLowerForAWorseOne() {
        Map<String, Integer> judged = Map.of("a", 3, "b", 1, "c", 0);
        assertThat(RankingMetrics.ndcg(List.of("a", "b", "x"), judged, 10)).isCloseTo(1.0, within(1e-9));
        double swapped = (1 / 1.0 + 3 / (Math.log(3) / Math.log(2))) / (3 + 1 / (Math.log(3) / Math.log(2)));
        assertThat(RankingMetrics.ndcg(List.of("b", "a"), judged, 10)).isCloseTo(swapped, within(1e-9));
        assertThat(RankingMetrics.ndcg(List.of("x", "y"), judged, 10)).isZero();
        assertThat(RankingMetrics.ndcg(List.of("x", "a"), judged, 1)).isZero();
    }

    @Test
    void recallCountsRelevantDocumentsInTheFirstK() {
        Map<String, Integer> judged = Map.of("a", 2, "b", 1, "c", 0);
        assertThat(RankingMetrics.recall(List.of("a", "c", "b"), judged, 2)).isEqualTo(0.5);
        assertThat(RankingMetrics.recall(List.of("a", "c", "b"), judged, 3)).isEqualTo(1.0);
        assertThat(RankingMetrics.recall(List.of("a"), Map.of(), 3)).isZero();
    }

    @Test
    void aBeirFolderLoadsOnlyJudgedQueries(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"text\": \"x\"}\n");
        java.nio.file.Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\": \"1\", \"text\": \"judged\"}\n"
                + "{\"_id\": \"2\", \"text\": \"not judged\"}\n");
        java.nio.file.Files.createDirectories(dir.resolve("qrels"));
        java.nio.file.Files.writeString(dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\n1\td1\t2\n");
        BeirDataset data = BeirDataset.load(dir);
        assertThat(data.queries()).containsExactly(Map.entry("1", "judged"));
        assertThat(data.judgements()).containsExactly(Map.entry("1", Map.of("d1", 2)));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> BeirDataset.load(dir.resolve("nowhere"))))
                .hasMessageContaining("corpus.jsonl");
    }
}
