package dev.switchboard.core.config;

import java.util.List;

/**
 * A custom recognizer in {@code privacy.recognizers}.
 *
 * @param name unique name, shown in findings
 * @param type {@code regex} or {@code deny_list}
 * @param entity the entity type it finds, upper snake case, e.g. {@code EMPLOYEE_ID}
 * @param pattern {@code regex}: the regular expression (RE2 syntax: linear time, no backreferences)
 * @param score confidence of its findings, 0 to 1; default 0.6 for {@code regex}, 1.0 for
 *     {@code deny_list}
 * @param context words that raise the score when they appear shortly before a finding
 * @param validator {@code regex}: name of a check the match must pass, e.g. {@code luhn}; none by default
 * @param words {@code deny_list}: the words and phrases to find
 * @param caseSensitive {@code deny_list}: match case exactly; default false
 */
public record RecognizerConfig(String name, String type, String entity, String pattern, Double score,
                               List<String> context, String validator, List<String> words, Boolean caseSensitive) {

    public static final List<String> TYPES = List.of("regex", "deny_list");

    public RecognizerConfig {
        context = context != null ? List.copyOf(context) : List.of();
        words = words != null ? List.copyOf(words) : List.of();
        score = score != null ? score : "deny_list".equals(type) ? 1.0 : 0.6;
        caseSensitive = caseSensitive != null ? caseSensitive : false;
    }
}
