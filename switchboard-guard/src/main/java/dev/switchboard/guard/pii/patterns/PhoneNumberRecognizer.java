package dev.switchboard.guard.pii.patterns;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Phone numbers, found by Google's libphonenumber ({@code PhoneNumberUtil.findNumbers} with
 * leniency VALID) once per configured region: a number written without a country code must be
 * valid in one of the regions, one with {@code +} anywhere. Numbers with fewer than
 * {@value #MIN_DIGITS} digits are skipped (short codes and extensions look like every other
 * small number). Score {@value #SCORE}, as Presidio's phone recognizer; context words raise it.
 *
 * <p>Only stretches of digits and phone separators with at least {@value #MIN_DIGITS} digits are
 * handed to libphonenumber, and not those that are another entity proven by its checksum — a
 * payment card number, a dotted IPv4 address, or part of a valid IBAN — which cost it tens of
 * microseconds per region to reject.
 */
public final class PhoneNumberRecognizer implements Recognizer {

    /** Regions tried by default: Presidio's list (with GB for its "UK") and FR. */
    public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR");
    static final double SCORE = 0.4;
    static final int MIN_DIGITS = 8;
    /** Characters around a candidate stretch handed to libphonenumber too, for its boundary checks. */
    private static final int CONTEXT_CHARS = 12;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

    private final List<String> regions;

    public PhoneNumberRecognizer() {
        this(DEFAULT_REGIONS);
    }

    /**
     * @param regions ISO 3166 region codes a number without country code is read in, e.g. {@code US}
     * @throws IllegalArgumentException for a region libphonenumber does not know
     */
    public PhoneNumberRecognizer(List<String> regions) {
        Set<String> supported = PhoneNumberUtil.getInstance().getSupportedRegions();
        List<String> normalized = new ArrayList<>();
        for (String region : regions) {
            String code = region.toUpperCase(Locale.ROOT);
            if (!supported.contains(code)) {
                throw new IllegalArgumentException("unknown phone region '" + region + "': use ISO 3166 codes such as US, GB, DE");
            }
            normalized.add(code);
        }
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("at least one phone region is needed");
        }
        this.regions = List.copyOf(normalized);
    }

    @Override
    public String name() {
        return "phone_number";
    }

    @Override
    public Set<String> entities() {
        return Set.of(Entities.PHONE_NUMBER);
    }

    @Override
    public Set<String> contextWords() {
        return Set.of("phone", "number", "telephone", "tel", "cell", "cellphone", "mobile", "call", "fax", "contact", "whatsapp");
    }

    @Override
    public List<Finding> analyze(String text, Set<String> wanted) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        Set<Long> seen = new HashSet<>();
        List<Finding> found = new ArrayList<>();
        // libphonenumber scans every character once per region: give it only the stretches that
        // hold enough digits to be a phone number, with a little context for its boundary checks
        for (int[] window : candidates(text)) {
            if (isOtherNumber(text.substring(window[0], window[1]))
                    || IbanRecognizer.insideIban(text, window[0], window[1])) {
                continue;
            }
            int from = Math.max(0, window[0] - CONTEXT_CHARS);
            int to = Math.min(text.length(), window[1] + CONTEXT_CHARS);
            String part = text.substring(from, to);
            long maxTries = Math.max(1_000, part.length() / 2);
            boolean[] covered = new boolean[to - from];
            for (String region : regions) {
                for (PhoneNumberMatch match : util.findNumbers(part, region, PhoneNumberUtil.Leniency.VALID, maxTries)) {
                    if (Checksums.digitsOf(match.rawString()).length() < MIN_DIGITS) {
                        continue;
                    }
                    Arrays.fill(covered, match.start(), match.end(), true);
                    long key = (long) (from + match.start()) << 32 | (from + match.end());
                    if (seen.add(key)) {
                        found.add(new Finding(Entities.PHONE_NUMBER, from + match.start(), from + match.end(), SCORE,
                                name()));
                    }
                }
                if (allDigitsCovered(text, window, from, covered)) {
                    break; // every digit of the stretch is in a number already: other regions add nothing
                }
            }
        }
        return found;
    }

    /**
     * Stretches of digits and the characters phone numbers are written with (spaces, dashes,
     * dots, slashes, parentheses, plus) that hold at least {@value #MIN_DIGITS} digits, as
     * {start, end} pairs; an extension ("ext. 12") is left to libphonenumber via the context.
     */
    static List<int[]> candidates(String text) {
        List<int[]> windows = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (!isDigit(c) && c != '+' && c != '(') {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int lastDigitEnd = i;
            while (i < n && (isDigit(text.charAt(i)) || isSeparator(text.charAt(i)))) {
                if (isDigit(text.charAt(i))) {
                    digits++;
                    lastDigitEnd = i + 1;
                }
                i++;
            }
            if (digits >= MIN_DIGITS) {
                windows.add(new int[] {start, lastDigitEnd});
            }
            if (i == start) {
                i++;
            }
        }
        return windows;
    }

    /**
     * Whether a stretch is a payment card number (13 to 19 digits passing Luhn) or a dotted IPv4
     * address: left to the recognizers of those, and not handed to libphonenumber, which costs tens
     * of microseconds per region to reject one.
     */
    static boolean isOtherNumber(String stretch) {
        if (IPV4.matcher(stretch).matches()) {
            return true;
        }
        String digits = Checksums.digitsOf(stretch);
        return digits.length() >= 13 && digits.length() <= 19 && stretch.charAt(0) != '+' && Checksums.luhn(digits);
    }

    private static boolean allDigitsCovered(String text, int[] window, int from, boolean[] covered) {
        for (int i = window[0]; i < window[1]; i++) {
            if (isDigit(text.charAt(i)) && !covered[i - from]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+' || c == '/' || c == '\u00A0'
                || c == '\t';
    }
}
