package dev.switchboard.guard.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Entry points for {@code scripts/train-ner}: training and evaluation run through Surefire so they
 * get the module's class path. Skipped in normal builds.
 */
class NerTrainingRun {

    @Test
    @EnabledIfSystemProperty(named = "ner.train", matches = "true")
    void trainsTheShippedModel() throws Exception {
        NerTrainer.train(NerCorpora.dataDir(), NerTrainer.resourceDir());

        assertThat(Files.size(NerTrainer.resourceDir().resolve(NamedEntityRecognizer.MODEL_RESOURCE))).isPositive();
    }

    @Test
    @EnabledIfSystemProperty(named = "ner.evaluate", matches = "true")
    void evaluatesTheShippedModel() throws Exception {
        NerEvaluation.main(new String[0]);
    }
}
