package dev.switchboard.server.privacy;

import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Stand-ins for the custom recognizers of dev.switchboard.guard.pii ({@code CustomRecognizers}),
 * which are written on another branch. MERGE: delete this class once {@link CustomRecognizerFactory}
 * uses those.
 */
final class InterimRecognizers {

    private InterimRecognizers() {
    }

    static Recognizer regex(String name, String entity, String regex, double score, List<String> context,
                            String validator) {
        Predicate<String> check = switch (validator == null ? "" : validator) {
            case "" -> text -> true;
            case "luhn" -> InterimRecognizers::luhn;
            default -> throw new IllegalArgumentException("recognizer " + name + ": unknown validator '" + validator
                    + "'; known: luhn");
        };
        return new Matching(name, entity, Pattern.compile(regex), score, lower(context), check);
    }

    static Recognizer denyList(String name, String entity, List<String> words, double score, List<String> context,
                               boolean caseSensitive) {
        String alternatives = words.stream().sorted((a, b) -> b.length() - a.length()).map(Pattern::quote)
                .collect(Collectors.joining("|"));
        int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        Pattern pattern = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])", flags);
        return new Matching(name, entity, pattern, score, lower(context), text -> true);
    }

    private static Set<String> lower(List<String> words) {
        return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static boolean luhn(String text) {
        int sum = 0;
        int digits = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (digits++ % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return digits > 1 && sum % 10 == 0;
    }

    private record Matching(String name, String entity, Pattern pattern, double score, Set<String> contextWords,
                            Predicate<String> validator) implements Recognizer {
        @Override
        public Set<String> entities() {
            return Set.of(entity);
        }

        @Override
        public List<Finding> analyze(String text, Set<String> wanted) {
            List<Finding> findings = new ArrayList<>();
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                if (matcher.end() > matcher.start() && validator.test(matcher.group())) {
                    findings.add(new Finding(entity, matcher.start(), matcher.end(), score, name));
                }
            }
            return findings;
        }
    }
}
