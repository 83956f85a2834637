package dev.switchboard.guard.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.guard.injection.InjectionDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Entry point of {@code scripts/train-guards}: training runs through Surefire so it gets the
 * module's class path. Skipped in normal builds.
 */
class GuardTrainingRun {

    @Test
    @EnabledIfSystemProperty(named = "guards.train", matches = "true")
    void trainsTheShippedModels() throws Exception {
        GuardTrainer.trainAndWrite(dataDir(), GuardTrainer.resourceDir());

        assertThat(Files.size(GuardTrainer.resourceDir().resolve("injection").resolve(InjectionDetector.MODEL_RESOURCE)))
                .isPositive();
    }

    static Path dataDir() {
        String configured = System.getProperty("switchboard.data", System.getenv("SWITCHBOARD_DATA"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data");
            if (Files.isDirectory(candidate.resolve("injection"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find shared/data; set -Dswitchboard.data=/path/to/shared/data");
    }
}
