package dev.switchboard.guard.safety;

import dev.switchboard.guard.injection.InjectionDetector;
import dev.switchboard.guard.injection.InjectionVerdict;

/**
 * Scores a text for prompt injection: the built-in {@link InjectionDetector} or a
 * {@link RemoteClassifier}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface InjectionScorer {

    /**
     * @throws GuardUnavailableException when a remote scorer cannot answer
     */
    InjectionVerdict score(String text);

    /** The model shipped in the jar. */
    static InjectionScorer builtIn() {
        return text -> InjectionDetector.shipped().score(text);
    }
}
