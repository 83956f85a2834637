package dev.switchboard.guard.redact;

import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Small regex recognizers, so these tests do not depend on the built-in ones. */
final class TestRecognizers {

    static final String NAMES = "Alice Smith|Bob Jones|Alice";
    static final String EMAILS = "[a-z.]+@[a-z]+\\.[a-z]+";

    private TestRecognizers() {
    }

    static Recognizer regex(String name, String type, String regex, double score) {
        Pattern pattern = Pattern.compile(regex);
        return new Recognizer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> entities() {
                return Set.of(type);
            }

            @Override
            public List<Finding> analyze(String text, Set<String> wanted) {
                return pattern.matcher(text).results().map(r -> new Finding(type, r.start(), r.end(), score, name))
                        .toList();
            }
        };
    }

    /** Finds PERSON (Alice Smith, Bob Jones, Alice) and EMAIL_ADDRESS. */
    static Analyzer analyzer() {
        return new Analyzer(List.of(regex("people", "PERSON", NAMES, 0.9), regex("email", "EMAIL_ADDRESS", EMAILS, 0.9)));
    }
}
