package dev.switchboard.server.privacy;

import dev.switchboard.core.config.RecognizerConfig;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import dev.switchboard.guard.pii.patterns.CustomRecognizers;
import dev.switchboard.guard.pii.patterns.PatternSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the recognizers of {@code privacy.recognizers}. */
final class CustomRecognizerFactory {

    private CustomRecognizerFactory() {
    }

    /** @throws IllegalArgumentException naming the recognizer for a bad pattern, validator or word list */
    static List<Recognizer> build(List<RecognizerConfig> configs) {
        List<Recognizer> recognizers = new ArrayList<>(configs.size());
        for (RecognizerConfig config : configs) {
            Set<String> context = config.context().stream().map(word -> word.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            recognizers.add(switch (config.type()) {
                case "regex" -> CustomRecognizers.regex(config.name(), config.entity(),
                        List.of(new PatternSpec(config.name(), config.pattern(), config.score())), context,
                        config.validator());
                case "deny_list" -> new DenyList(CustomRecognizers.denyList(config.name(), config.entity(), config.words()),
                        config.score(), context, config.caseSensitive() ? Set.copyOf(config.words()) : null);
                default -> throw new IllegalArgumentException("unknown recognizer type '" + config.type() + "'");
            });
        }
        return recognizers;
    }

    /**
     * A deny-list with the configured score and context words; with {@code exact} set, only
     * matches written exactly as listed (the list itself matches any case).
     */
    private record DenyList(Recognizer list, double score, Set<String> contextWords, Set<String> exact)
            implements Recognizer {

        @Override
        public String name() {
            return list.name();
        }

        @Override
        public Set<String> entities() {
            return list.entities();
        }

        @Override
        public List<Finding> analyze(String text, Set<String> wanted) {
            return list.analyze(text, wanted).stream()
                    .filter(found -> exact == null || exact.contains(text.substring(found.start(), found.end())))
                    .map(found -> found.withScore(score))
                    .toList();
        }
    }
}
