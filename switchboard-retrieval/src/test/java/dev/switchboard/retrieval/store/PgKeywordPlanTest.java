package dev.switchboard.retrieval.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgKeywordPlanTest {

    /** 100,000 chunks; "the" in 90% of them, "wing" in 5%, "flap" in 2%; the rarest listed lexeme in 1%. */
    private static final PgKeywordPlan.Statistics STATISTICS = new PgKeywordPlan.Statistics(100_000,
            Map.of("the", 0.9, "wing", 0.05, "flap", 0.02, "rare", 0.01), 0.01);

    @Test
    void withoutStatisticsEveryLexemeSelectsAsAPlainOr() {
        PgKeywordPlan plan = PgKeywordPlan.of(List.of("wing", "flutter"), PgKeywordPlan.Statistics.NONE, 100);
        assertThat(plan.selection()).isEqualTo("'wing' | 'flutter'");
        assertThat(plan.scores()).containsExactly(new PgKeywordPlan.Weighted(2, "'wing' | 'flutter'"));
        assertThat(plan.limit()).isZero();
    }

    @Test
    void theRarestLexemesSelectWhileTheirChunksFitAndEveryLexemeScores() {
        // flutter is unlisted: estimated at half the rarest listed share, 500 chunks
        PgKeywordPlan plan = PgKeywordPlan.of(List.of("the", "wing", "flap", "flutter"), STATISTICS, 10_000);
        assertThat(plan.selecting()).containsExactly("flutter", "flap", "wing");
        assertThat(plan.selection()).isEqualTo("'flutter' | 'flap' | 'wing'");
        assertThat(plan.scores()).extracting(PgKeywordPlan.Weighted::tsquery)
                .containsExactlyInAnyOrder("'flutter'", "'flap'", "'wing'", "'the'");
        assertThat(plan.limit()).isZero();

        assertThat(PgKeywordPlan.of(List.of("the", "wing", "flap", "flutter"), STATISTICS, 3_000).selecting())
                .containsExactly("flutter", "flap");
        assertThat(PgKeywordPlan.of(List.of("the", "wing", "flap", "flutter"), STATISTICS, 100_000).selecting())
                .as("a budget as large as the collection selects every lexeme")
                .containsExactly("flutter", "flap", "wing", "the");
    }

    @Test
    void whenEvenTheRarestLexemeIsTooCommonChunksMustHoldEveryLexemeAndAreLimited() {
        PgKeywordPlan plan = PgKeywordPlan.of(List.of("the", "wing"), STATISTICS, 1_000);
        assertThat(plan.all()).isTrue();
        assertThat(plan.selection()).isEqualTo("'the' & 'wing'");
        assertThat(plan.limit()).isEqualTo(1_000);
    }

    @Test
    void rarerLexemesWeighMoreAndLexemesOfAboutTheSameWeightRankTogether() {
        PgKeywordPlan.Statistics statistics = new PgKeywordPlan.Statistics(100_000,
                Map.of("the", 0.9, "wing", 0.05, "wings", 0.0501), 0.01);
        PgKeywordPlan plan = PgKeywordPlan.of(List.of("the", "wing", "wings", "flutter", "gust"), statistics, 100_000);
        // idf: flutter and gust (unlisted, ~500 chunks) 5.30; wing and wings (5%) 3.00; the (90%) 0.11
        assertThat(plan.scores()).containsExactly(
                new PgKeywordPlan.Weighted(5.25 * 2, "'flutter' | 'gust'"),
                new PgKeywordPlan.Weighted(3.0 * 2, "'wing' | 'wings'"),
                new PgKeywordPlan.Weighted(0.25, "'the'"));
    }

    @Test
    void lexemesAreQuotedSoThatPostgresqlTakesThemAsTheyAre() {
        assertThat(PgKeywordPlan.tsquery(List.of("o'hare", "back\\slash", "jet-propel"), " | "))
                .isEqualTo("'o''hare' | 'back\\\\slash' | 'jet-propel'");
    }
}
