package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Recognizer;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** ZIP codes and postcodes. */
final class PostalCodeRecognizers {

    private static final String US_STATES = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE"
            + "|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI";

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private PostalCodeRecognizers() {
    }

    /**
     * US ZIP and ZIP+4 codes, UK and Canadian postcodes. A five-digit number alone is only 0.1
     * (context words such as "zip" raise it); after a state code ({@code IL 62704}) 0.5; ZIP+4 0.3;
     * a UK or Canadian postcode with its space 0.45.
     */
    static Recognizer zipCode() {
        return new PatternRecognizer("zip_code", Entities.ZIP_CODE, List.of(
                PatternRule.anchored("ZIP after state", Pattern.compile("\\b(?:" + US_STATES + ")[ \\t]{1,2}(\\d{5}(?:-\\d{4})?)\\b(?!-\\d)"), 1, Anchors.digits(), 10, 15,
                        MatchStart.wordStart(UPPER).and(PostalCodeRecognizers::capitalThenBlankAfter), 0.5),
                PatternRule.digits("ZIP+4", "(?<![\\d-])\\d{5}-\\d{4}\\b(?!-\\d)", "-", 0.3),
                PatternRule.digits("ZIP (weak)", "(?<![\\d.,-])\\d{5}(?![\\d]|[.,-]\\d)", "", 0.1),
                PatternRule.anchored("UK postcode", "\\b(?:[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]?|GIR) \\d[ABD-HJLNP-UW-Z]{2}\\b", Anchors.digits(), 10, 10,
                        MatchStart.wordStart(UPPER), 0.45),
                PatternRule.anchored("Canadian postcode", "\\b[ABCEGHJ-NPRSTVXY]\\d[ABCEGHJ-NPRSTV-Z] \\d[ABCEGHJ-NPRSTV-Z]\\d\\b", Anchors.digits(), 10, 10,
                        MatchStart.wordStart(UPPER), 0.45)),
                Validator.NONE, 0.5, Set.of("zip", "zipcode", "postal", "postcode", "code", "post"));
    }

    /** Whether an ASCII capital and then a space or tab follow the char at {@code i}, as after the first letter of a state code. */
    private static boolean capitalThenBlankAfter(String text, int i) {
        return i + 2 < text.length() && text.charAt(i + 1) >= 'A' && text.charAt(i + 1) <= 'Z'
                && (text.charAt(i + 2) == ' ' || text.charAt(i + 2) == '\t');
    }
}
