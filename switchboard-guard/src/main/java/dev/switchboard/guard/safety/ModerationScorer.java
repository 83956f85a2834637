package dev.switchboard.guard.safety;

import dev.switchboard.guard.moderation.ModerationClassifier;
import dev.switchboard.guard.moderation.ModerationScores;

/**
 * Scores a text in every moderation category: the built-in {@link ModerationClassifier} or a
 * {@link RemoteClassifier}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ModerationScorer {

    /**
     * @throws GuardUnavailableException when a remote scorer cannot answer
     */
    ModerationScores score(String text);

    /** The model shipped in the jar. */
    static ModerationScorer builtIn() {
        return text -> ModerationClassifier.shipped().score(text);
    }
}
