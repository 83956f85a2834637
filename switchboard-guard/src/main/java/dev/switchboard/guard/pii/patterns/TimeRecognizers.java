package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognizers of dates, times, years and ages. */
final class TimeRecognizers {

    private static final String MONTH = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
            + "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
    private static final String DAY = "(?:0?[1-9]|[12]\\d|3[01])";
    private static final String TIME = "(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?";

    private static final Anchors DIGITS = Anchors.digits();
    private static final String DIGIT_CHARS = "0123456789";
    /** Where {@code \\b\\d} starts. */
    private static final MatchStart DIGIT_START = MatchStart.wordStart(DIGIT_CHARS);
    private static final String MONTH_INITIALS = "JFMASOND";
    private static final MatchStart MONTH_START = MatchStart.wordStartIgnoringCase(MONTH_INITIALS);
    private static final Set<String> WEEKDAYS = Set.of("monday", "tuesday", "tueday", "wednesday", "wedday", "thursday",
            "thuday", "friday", "saturday", "satday", "sunday");
    /** The full month names the "Month name" rule reports alone (those that are not also words or names). */
    private static final Set<String> FULL_MONTHS = Set.of("january", "february", "april", "june", "july", "september",
            "october", "november", "december");

    private TimeRecognizers() {
    }

    /**
     * Dates and times: ISO dates with optional time (0.6, 0.85 with a time), numeric day/month/year
     * with one separator (0.6), dates with month names (0.6), weekdays (0.6), clock times (0.5),
     * a full month name alone (0.4). Impossible numeric dates are dropped.
     */
    static Recognizer dateTime() {
        String monthDay = MONTH + "\\.?[ \\t]{1,3}" + DAY + "(?:st|nd|rd|th)?(?:,?[ \\t]{1,3}(?:19|20)\\d{2})?";
        String dayMonth = DAY + "(?:st|nd|rd|th)?[ \\t]{1,3}(?:of[ \\t]{1,3})?" + MONTH + "\\.?(?:,?[ \\t]{1,3}(?:19|20)\\d{2})?";
        return new PatternRecognizer("date_time", Entities.DATE_TIME, List.of(
                PatternRule.anchored("ISO date and time", "\\b(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])[T ]"
                        + TIME + "(?:Z|[+-]\\d{2}:?\\d{2})?(?![\\d:])", DIGITS, 40, 40,
                        MatchChars.of(DIGIT_CHARS + "T :.Z+-"), MatchStart.wordStart("12"), 0.85),
                PatternRule.digits("ISO date", "\\b(?:1[6-9]|20)\\d{2}([-/.])(?:0?[1-9]|1[0-2])\\1(?:0?[1-9]|[12]\\d|3[01])\\b(?![-/.]\\d)", "-/.", 0.6),
                PatternRule.digits("Numeric date", "(?<![\\d/.-])" + DAY + "([-/.])" + DAY + "\\1(?:\\d{4}|\\d{2})\\b(?![-/.]\\d)", "-/.", 0.6),
                PatternRule.anchoredIgnoringCase("Month day year", "\\b" + monthDay + "\\b", DIGITS, 20, 20, MONTH_START, 0.6),
                PatternRule.anchoredIgnoringCase("Day month year", "\\b" + dayMonth + "\\b", DIGITS, 30, 30, DIGIT_START, 0.6),
                PatternRule.anchored("Month year", "\\b" + MONTH + "\\.?,?[ \\t]{1,3}(?:1[6-9]|20)\\d{2}\\b", DIGITS, 20, 20,
                        MatchStart.wordStart(MONTH_INITIALS), 0.6),
                PatternRule.anchoredIgnoringCase("Weekday", "\\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)day\\b",
                        Anchors.words(WEEKDAYS), 0, 12, MatchStart.wordStartIgnoringCase("mtwfs"), 0.6),
                PatternRule.anchoredIgnoringCase("Clock time", "(?<![\\d:.])" + TIME + "(?:[ \\t]?[ap]\\.?m\\.?)?(?![\\d:])",
                        DIGITS, 25, 25, MatchStart.after(DIGIT_CHARS, DIGIT_CHARS + ":."), 0.5),
                PatternRule.anchoredIgnoringCase("Hour am pm", "\\b(?:1[0-2]|0?[1-9])[ \\t]?[ap]\\.?m\\b\\.?", DIGITS, 10, 10, DIGIT_START, 0.5),
                PatternRule.anchored("Month name", "\\b(?:January|February|April|June|July|September|October|November|December)\\b",
                        Anchors.words(FULL_MONTHS), 0, 12, MatchStart.wordStart(MONTH_INITIALS), 0.4)),
                Validator.rejecting(TimeRecognizers::isImpossibleNumericDate), 0.6,
                Set.of("date", "time", "born", "birthday", "birth", "dob", "day", "appointment"));
    }

    /** A numeric date whose first two fields can be neither month/day nor day/month. */
    static boolean isImpossibleNumericDate(String match) {
        String[] parts = match.split("[-/.]");
        if (parts.length != 3 || parts[0].length() > 2 || !parts[0].chars().allMatch(Character::isDigit)) {
            return false;
        }
        int a = Integer.parseInt(parts[0]);
        int b = Integer.parseInt(parts[1]);
        return a > 12 && b > 12;
    }

    /**
     * A year from 1800 to 2099 standing alone: 0.5 right after a word that introduces a time
     * ("in 1980", "since 2001", "Act of 2016", "a 2017 film"), 0.3 otherwise.
     */
    static Recognizer year() {
        return new YearRecognizer();
    }

    /** Ages: the number in "42 years old", "42-year-old", "aged 42", "age: 42", "42 y/o" (0.6); 1–130 only. */
    static Recognizer age() {
        int caseless = Pattern.CASE_INSENSITIVE;
        return new PatternRecognizer("age", Entities.AGE, List.of(
                PatternRule.anchored("Years old", Pattern.compile("\\b(\\d{1,3})[ \\t-]{1,2}(?:years?|yrs?)[ \\t-]{1,2}old\\b", caseless), 1, DIGITS, 30, 30,
                        DIGIT_START.and(MatchStart.digitsThen(3, " \t-", 2, "yY")), 0.6),
                PatternRule.anchored("Y/o", Pattern.compile("\\b(\\d{1,3})[ \\t]?(?:y/o|yo|y\\.o\\.)(?!\\w)", caseless), 1, DIGITS, 30, 30,
                        DIGIT_START.and(MatchStart.digitsThen(3, " \t", 1, "yY")), 0.6),
                PatternRule.anchored("Aged", Pattern.compile("\\bage(?:d|[ \\t]{1,3}of)?[ \\t]{0,3}[:=]?[ \\t]{0,3}(\\d{1,3})\\b(?![.,]\\d)", caseless), 1, DIGITS, 30, 30,
                        MatchStart.wordStart("aA"), 0.6),
                PatternRule.anchored("Years of age", Pattern.compile("\\b(\\d{1,3})[ \\t]{1,3}years?[ \\t]{1,3}of[ \\t]{1,3}age\\b", caseless), 1, DIGITS, 30, 30,
                        DIGIT_START.and(MatchStart.digitsThen(3, " \t", 3, "yY")), 0.6)),
                Validator.rejecting(match -> {
                    int age = Integer.parseInt(match);
                    return age < 1 || age > 130;
                }), 0.6, Set.of("age", "aged", "old", "years"));
    }

    /** See {@link #year()}. */
    private static final class YearRecognizer implements Recognizer {
        private static final Pattern YEAR = Pattern.compile("(?<![\\d.,:/$€£#-])(?:18|19|20)\\d{2}(?![\\d]|[.,:/-]\\d|%)");
        private static final java.util.function.IntPredicate YEAR_CHARS = MatchChars.of(DIGIT_CHARS);
        private static final MatchStart YEAR_START = MatchStart.after("12", DIGIT_CHARS + ".,:/$#-");
        private static final Set<String> INTRODUCERS = Set.of("in", "since", "of", "from", "until", "till", "by", "year",
                "circa", "before", "after", "during", "born", "a", "the", "early", "late", "mid", "summer", "winter", "spring",
                "autumn", "fall", "between", "and", "to", "around", "c", "ca", "class", "est", "established", "founded");

        @Override
        public String name() {
            return "date_year";
        }

        @Override
        public Set<String> entities() {
            return Set.of(Entities.DATE_TIME);
        }

        @Override
        public List<Finding> analyze(String text, Set<String> wanted) {
            List<Finding> found = new ArrayList<>();
            DIGITS.matches(text, YEAR, 4, 4, YEAR_CHARS, YEAR_START, m -> {
                double score = INTRODUCERS.contains(previousWord(text, m.start())) ? 0.5 : 0.3;
                found.add(new Finding(Entities.DATE_TIME, m.start(), m.end(), score, name()));
            });
            return found;
        }

        private static String previousWord(String text, int start) {
            int end = start;
            while (end > 0 && end > start - 3 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
                end--;
            }
            int begin = end;
            while (begin > 0 && end - begin < 20 && Character.isLetter(text.charAt(begin - 1))) {
                begin--;
            }
            return text.substring(begin, end).toLowerCase(Locale.ROOT);
        }
    }
}
