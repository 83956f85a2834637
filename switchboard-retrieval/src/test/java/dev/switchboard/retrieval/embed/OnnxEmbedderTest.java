package dev.switchboard.retrieval.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Loads each real model once per JVM through {@link EmbeddingModels#shared()}. */
class OnnxEmbedderTest {

    private static final String RELEVANT = "The boundary layer separates from the wing surface at high angles of attack.";
    private static final String UNRELATED = "Bake the bread for forty minutes until the crust is golden.";

    @Test
    void bgeVectorsAreUnitLengthWith384Dimensions() {
        Embedder bge = EmbeddingModels.shared().get(LocalModel.BGE_SMALL_EN_V15);
        List<float[]> vectors = bge.passages(List.of(RELEVANT, UNRELATED));
        assertThat(vectors).hasSize(2);
        for (float[] v : vectors) {
            assertThat(v).hasSize(384);
            assertThat(Vectors.cosine(v, v)).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void bgeQueryIsCloserToTheRelevantPassage() {
        Embedder bge = EmbeddingModels.shared().get(LocalModel.BGE_SMALL_EN_V15);
        float[] query = bge.query("when does flow separate from an airfoil?");
        List<float[]> passages = bge.passages(List.of(RELEVANT, UNRELATED));
        assertThat(Vectors.cosine(query, passages.get(0))).isGreaterThan(Vectors.cosine(query, passages.get(1)) + 0.1);
    }

    @Test
    void bgeEmbedsQueriesWithTheInstructionPrefixAndPassagesWithout() {
        Embedder bge = EmbeddingModels.shared().get(LocalModel.BGE_SMALL_EN_V15);
        float[] asQuery = bge.query(RELEVANT);
        float[] asPassage = bge.passages(List.of(RELEVANT)).getFirst();
        float[] prefixedPassage = bge.passages(List.of(LocalModel.BGE_SMALL_EN_V15.queryPrefix() + RELEVANT)).getFirst();
        assertThat(Vectors.cosine(asQuery, asPassage)).isLessThan(0.999);
        assertThat(Vectors.cosine(asQuery, prefixedPassage)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void batchedAndPaddedTextsGetTheSameVectorsAsAlone() {
        for (LocalModel model : LocalModel.values()) {
            Embedder embedder = EmbeddingModels.shared().get(model);
            String shortText = "wing";
            String longText = RELEVANT + " " + RELEVANT + " " + UNRELATED;
            List<float[]> together = embedder.passages(List.of(longText, shortText));
            float[] alone = embedder.passages(List.of(shortText)).getFirst();
            // int8 models quantize activations per batch, so padding moves a vector a little, never far
            assertThat(Vectors.cosine(together.get(1), alone)).as(model.modelName()).isCloseTo(1.0, within(1e-2));
        }
    }

    @Test
    void manyBatchesKeepInputOrderAndCountTokens() {
        Embedder minilm = EmbeddingModels.shared().get(LocalModel.ALL_MINILM_L6_V2);
        List<String> texts = new java.util.ArrayList<>();
        String[] topics = {"wing flutter", "sourdough bread", "river delta", "violin concerto", "income tax law",
            "spiral galaxy", "football league", "protein folding", "medieval castle"};
        for (int i = 0; i < OnnxEmbedder.BATCH * 3 + 1; i++) {
            texts.add((i % 3 == 0 ? RELEVANT + " " : "") + topics[i % topics.length]);
        }
        Embedder.Embeddings all = minilm.embed(texts, Embedder.Purpose.PASSAGE);
        assertThat(all.vectors()).hasSize(texts.size());
        assertThat(all.tokens()).isGreaterThan(texts.size() * 2L);
        List<float[]> alone = minilm.passages(List.of(texts.get(7), texts.get(8)));
        assertThat(Vectors.cosine(all.vectors().get(7), alone.get(0))).isCloseTo(1.0, within(1e-2));
        assertThat(Vectors.cosine(all.vectors().get(8), alone.get(1))).isCloseTo(1.0, within(1e-2));
        assertThat(Vectors.cosine(all.vectors().get(7), alone.get(1))).isLessThan(0.9);
    }

    @Test
    void anEmptyListNeedsNoModel() {
        OnnxEmbedder fresh = new OnnxEmbedder(LocalModel.BGE_SMALL_EN_V15, 1);
        assertThat(fresh.embed(List.of(), Embedder.Purpose.PASSAGE).vectors()).isEmpty();
        assertThat(fresh.dimensions()).isEqualTo(384);
    }
}
