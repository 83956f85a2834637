package dev.switchboard.server.privacy;

import dev.switchboard.core.config.RecognizerConfig;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.List;

/** Builds the recognizers of {@code privacy.recognizers}. */
final class CustomRecognizerFactory {

    private CustomRecognizerFactory() {
    }

    /**
     * MERGE: replace the body with {@code CustomRecognizers.regex(...)} and
     * {@code CustomRecognizers.denyList(...)} from dev.switchboard.guard.pii once that branch is
     * merged, and delete {@link InterimRecognizers}. Until then a minimal interim implementation
     * (java.util.regex, no normalization, validators: {@code luhn} only) keeps the config usable.
     *
     * @throws IllegalArgumentException for a validator that is not known
     */
    static List<Recognizer> build(List<RecognizerConfig> configs) {
        List<Recognizer> recognizers = new ArrayList<>(configs.size());
        for (RecognizerConfig config : configs) {
            recognizers.add(switch (config.type()) {
                case "regex" -> InterimRecognizers.regex(config.name(), config.entity(), config.pattern(),
                        config.score(), config.context(), config.validator());
                case "deny_list" -> InterimRecognizers.denyList(config.name(), config.entity(), config.words(),
                        config.score(), config.context(), config.caseSensitive());
                default -> throw new IllegalArgumentException("unknown recognizer type '" + config.type() + "'");
            });
        }
        return recognizers;
    }
}
