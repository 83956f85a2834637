package dev.switchboard.server.privacy;

import dev.switchboard.core.config.RecognizerConfig;
import dev.switchboard.guard.ner.NamedEntityRecognizer;
import dev.switchboard.guard.pii.Recognizer;
import dev.switchboard.guard.pii.patterns.BuiltInRecognizers;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides which recognizers the server runs: the built-in ones plus those the
 * config defines. The API, the pipeline, log redaction and the {@code redact} command all get
 * theirs from here.
 */
public final class PiiRecognizers {

    private PiiRecognizers() {
    }

    /**
     * The built-in recognizers: patterns with validators for every pattern entity type, and the
     * named-entity model for PERSON, LOCATION, ORGANIZATION, NRP and TITLE.
     */
    public static List<Recognizer> defaults() {
        List<Recognizer> recognizers = new ArrayList<>(BuiltInRecognizers.all());
        recognizers.add(new NamedEntityRecognizer());
        return List.copyOf(recognizers);
    }

    /** The built-in recognizers and the configured custom ones. */
    public static List<Recognizer> all(List<RecognizerConfig> custom) {
        List<Recognizer> recognizers = new ArrayList<>(defaults());
        recognizers.addAll(CustomRecognizerFactory.build(custom));
        return recognizers;
    }
}
