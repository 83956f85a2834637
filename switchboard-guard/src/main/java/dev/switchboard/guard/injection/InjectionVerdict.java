package dev.switchboard.guard.injection;

import java.util.List;

/**
 * How likely a text is a prompt injection or jailbreak.
 *
 * @param score probability of injection, 0 to 1 (calibrated: of texts scoring 0.8, about 80% are
 *     injections, on data like the training data)
 * @param families the rule families that fired ({@link InjectionRules#families()}), in the text or
 *     a payload decoded from it; often empty
 * @param source where the highest score came from: {@code text}, {@code encoded} (a base64 or hex
 *     payload) or {@code rot13}
 */
public record InjectionVerdict(double score, List<String> families, String source) {

    public InjectionVerdict {
        families = List.copyOf(families);
    }

    public static InjectionVerdict clean() {
        return new InjectionVerdict(0, List.of(), "text");
    }
}
