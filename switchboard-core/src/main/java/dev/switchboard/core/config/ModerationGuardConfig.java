package dev.switchboard.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content-safety guard ({@code guards.moderation}) and the defaults of {@code /v1/moderations}.
 *
 * @param input what happens to requests with flagged content (every message's text): {@code off}
 *     (default), {@code flag} or {@code block} (400 with code {@code content_filter})
 * @param output what happens to answers with flagged content: {@code off} (default), {@code flag},
 *     or {@code block} (a stream is stopped with an error event before the flagged sentence is
 *     delivered; a whole answer is replaced by the error)
 * @param threshold a category scoring at or above this probability is flagged, 0 to 1; default 0.5
 * @param thresholds per-category thresholds by wire name ({@code self-harm/intent: 0.3}); categories
 *     not named use {@code threshold}
 * @param remote score with a remote classifier instead of the built-in one; default none
 */
public record ModerationGuardConfig(String input, String output, Double threshold, Map<String, Double> thresholds,
                                    RemoteClassifierConfig remote) {

    static final ModerationGuardConfig DEFAULTS = new ModerationGuardConfig("off", "off", 0.5, Map.of(), null);

    public ModerationGuardConfig {
        thresholds = thresholds != null ? Collections.unmodifiableMap(new LinkedHashMap<>(thresholds)) : null;
    }

    ModerationGuardConfig overriddenBy(ModerationGuardConfig override) {
        if (override == null) {
            return this;
        }
        Map<String, Double> merged = new LinkedHashMap<>(thresholds != null ? thresholds : Map.of());
        if (override.thresholds != null) {
            merged.putAll(override.thresholds);
        }
        return new ModerationGuardConfig(override.input != null ? override.input : input,
                override.output != null ? override.output : output,
                override.threshold != null ? override.threshold : threshold, merged,
                override.remote != null ? override.remote : remote);
    }

    public GuardsConfig.Action inputAction() {
        GuardsConfig.Action parsed = GuardsConfig.Action.parse(input);
        return parsed != null ? parsed : GuardsConfig.Action.OFF;
    }

    public GuardsConfig.Action outputAction() {
        GuardsConfig.Action parsed = GuardsConfig.Action.parse(output);
        return parsed != null ? parsed : GuardsConfig.Action.OFF;
    }

    /** The threshold of the category with wire name {@code category}. */
    public double thresholdOf(String category) {
        Double specific = thresholds.get(category);
        return specific != null ? specific : threshold;
    }
}
