package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Recognizer;
import java.util.List;
import java.util.Set;

/** Recognizers of US and UK government and healthcare identifiers, after Presidio's. */
final class IdentityRecognizers {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private IdentityRecognizers() {
    }

    /** US social security numbers: Presidio's patterns, its invalidation rules, and no 9xx area. */
    static Recognizer usSsn() {
        return new PatternRecognizer("us_ssn", Entities.US_SSN, List.of(
                PatternRule.digits("SSN1 (very weak)", "\\b[0-9]{5}-[0-9]{4}\\b", "-", 0.05),
                PatternRule.digits("SSN2 (very weak)", "\\b[0-9]{3}-[0-9]{6}\\b", "-", 0.05),
                PatternRule.digits("SSN3 (very weak)", "\\b[0-9]{3}-[0-9]{2}-[0-9]{4}\\b", "-", 0.05),
                PatternRule.digits("SSN4 (very weak)", "\\b[0-9]{9}\\b", "", 0.05),
                PatternRule.digits("SSN5 (medium)", "\\b[0-9]{3}[- .][0-9]{2}[- .][0-9]{4}\\b", "- .", 0.5)),
                Validator.rejecting(IdentityRecognizers::isImpossibleSsn), 0.5,
                Set.of("social", "security", "ssn", "ssns", "ssid"));
    }

    static boolean isImpossibleSsn(String match) {
        long separators = match.chars().filter(c -> c == '-' || c == '.' || c == ' ').distinct().count();
        if (separators > 1) {
            return true;
        }
        String digits = Checksums.digitsOf(match);
        if (digits.length() != 9 || Checksums.allSame(digits)) {
            return true;
        }
        if (digits.startsWith("000") || digits.startsWith("666") || digits.charAt(0) == '9') {
            return true;
        }
        if (digits.startsWith("00", 3) || digits.startsWith("0000", 5)) {
            return true;
        }
        for (String sample : List.of("123456789", "98765432", "078051120", "219099999")) {
            if (digits.startsWith(sample)) {
                return true;
            }
        }
        return false;
    }

    /** US individual taxpayer identification numbers (9xx with group 50–65, 70–88, 90–92, 94–99). */
    static Recognizer usItin() {
        String group = "(?:5\\d|6[0-5]|7\\d|8[0-8]|9[0-2]|9[4-9])";
        return new PatternRecognizer("us_itin", Entities.US_ITIN, List.of(
                PatternRule.digits("ITIN (very weak)", "\\b9\\d{2}[- ]" + group + "\\d{4}\\b|\\b9\\d{2}" + group + "[- ]\\d{4}\\b", "- ", 0.05),
                PatternRule.digits("ITIN (weak)", "\\b9\\d{2}" + group + "\\d{4}\\b", "", 0.3),
                PatternRule.digits("ITIN (medium)", "\\b9\\d{2}([- ])" + group + "\\1\\d{4}\\b", "- ", 0.5)),
                Validator.NONE, 0.5, Set.of("individual", "taxpayer", "itin", "tax", "payer", "taxid", "tin"));
    }

    /** US passport numbers: nine digits (0.05) or a letter and eight digits (0.1); context needed. */
    static Recognizer usPassport() {
        return new PatternRecognizer("us_passport", Entities.US_PASSPORT, List.of(
                PatternRule.digits("Passport (very weak)", "\\b[0-9]{9}\\b", "", 0.05),
                PatternRule.anchored("Passport next generation (very weak)", "\\b[A-Z][0-9]{8}\\b", Anchors.digits(), 10, 10,
                        MatchChars.of(UPPER + MatchChars.DIGITS), MatchStart.wordStart(UPPER), 0.1)),
                Validator.NONE, 0.1, Set.of("passport", "travel", "document", "passports"));
    }

    /** US driver licence numbers: the state formats Presidio lists (0.3), digits only (0.01). */
    static Recognizer usDriverLicense() {
        return new PatternRecognizer("us_driver_license", Entities.US_DRIVER_LICENSE, List.of(
                PatternRule.anchored("Driver license alphanumeric (weak)",
                        "\\b(?:[A-Z][0-9]{3,14}|[A-Z][0-9]{18}|[A-Z]{2}[0-9]{2,7}|[0-9]{2}[A-Z]{3}[0-9]{5,6}|[A-Z][0-9]{6}R"
                                + "|[0-9]{9}[A-Z]|[A-Z]{2}[0-9]{6}[A-Z]|[0-9]{8}[A-Z]{2}|[0-9]{3}[A-Z]{2}[0-9]{4}"
                                + "|[A-Z][0-9][A-Z][0-9][A-Z]|[0-9]{7,8}[A-Z])\\b", Anchors.digits(), 20, 20,
                        MatchChars.of(UPPER + MatchChars.DIGITS), MatchStart.wordStart(UPPER + MatchChars.DIGITS), 0.3),
                PatternRule.digits("Driver license digits (very weak)", "\\b(?:[0-9]{6,14}|[0-9]{16})\\b", "", 0.01)),
                Validator.NONE, 0.3, Set.of("driver", "license", "licence", "permit", "lic", "identification", "dls",
                        "cdls", "driving"));
    }

    /** US national provider identifiers: Luhn with the 80840 prefix; a context word is needed. */
    static Recognizer usNpi() {
        return new PatternRecognizer("us_npi", Entities.US_NPI, List.of(
                PatternRule.digits("NPI (weak)", "\\b[12]\\d{9}\\b", "", 0.1),
                PatternRule.digits("NPI (medium)", "\\b[12]\\d{3}([ -])\\d{3}\\1\\d{3}\\b", " -", 0.4)),
                Validator.rejecting(match -> Checksums.allSame(Checksums.digitsOf(match).substring(0, 9)))
                        .and(Validator.of(match -> Checksums.npi(Checksums.digitsOf(match)))),
                0.3, Set.of("npi", "provider", "national", "taxonomy", "prescriber"));
    }

    /** DEA registration numbers (Presidio's MEDICAL_LICENSE) with their check digit: 1.0. */
    static Recognizer medicalLicense() {
        return new PatternRecognizer("medical_license", Entities.MEDICAL_LICENSE, List.of(
                PatternRule.anchored("DEA certificate number",
                        "\\b[abcdefghjklmprstuxABCDEFGHJKLMPRSTUX][a-zA-Z9][0-9]{7}\\b", Anchors.digits(), 10, 10,
                        MatchChars.of(MatchChars.LETTERS + MatchChars.DIGITS),
                        MatchStart.wordStart("abcdefghjklmprstuxABCDEFGHJKLMPRSTUX"), 0.4)),
                Validator.of(match -> Checksums.dea(match.substring(2))), 1.0,
                Set.of("medical", "certificate", "dea", "license", "licence", "registration", "prescriber"));
    }

    /** UK NHS numbers (3-3-4 digits) with the mod 11 check; one in eleven ten-digit numbers passes, so context is needed. */
    static Recognizer ukNhs() {
        return new PatternRecognizer("uk_nhs", Entities.UK_NHS, List.of(
                PatternRule.digits("NHS (medium)", "\\b[0-9]{3}([- ]?)[0-9]{3}\\1[0-9]{4}\\b", "- ", 0.3)),
                Validator.of(match -> Checksums.nhs(Checksums.digitsOf(match))), 0.35,
                Set.of("nhs", "health", "national", "service", "patient"));
    }

    /** UK national insurance numbers: two prefix letters (not BG, GB, NK, KN, NT, TN, ZZ), six digits, A–D. */
    static Recognizer ukNino() {
        return new PatternRecognizer("uk_nino", Entities.UK_NINO, List.of(PatternRule.anchoredIgnoringCase("NINO (medium)",
                "\\b(?!bg|gb|nk|kn|nt|tn|zz)[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[a-d]\\b",
                Anchors.digits(), 15, 15, MatchStart.wordStartIgnoringCase("abcdefghijklmnopqrstuvwxyz")
                        .and(IdentityRecognizers::digitAfterTwoChars), 0.5)),
                Validator.NONE, 0.5, Set.of("national", "insurance", "nino", "ni"));
    }

    /** Whether an ASCII digit follows the two chars at {@code i}, right after them or after a space (as in a NINO). */
    private static boolean digitAfterTwoChars(String text, int i) {
        int k = i + 2;
        if (k < text.length() && text.charAt(k) == ' ') {
            k++;
        }
        return k < text.length() && text.charAt(k) >= '0' && text.charAt(k) <= '9';
    }
}
