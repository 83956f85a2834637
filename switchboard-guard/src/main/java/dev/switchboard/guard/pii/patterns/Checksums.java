package dev.switchboard.guard.pii.patterns;

import java.util.Locale;

/** Check-digit algorithms of the identifiers the recognizers find. Pure, thread-safe functions. */
public final class Checksums {

    private Checksums() {
    }

    /** The ASCII digits of {@code s}, in order, without anything else. */
    public static String digitsOf(CharSequence s) {
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    /** The Luhn (mod 10) check over a string of ASCII digits; false when empty or not digits. */
    public static boolean luhn(String digits) {
        if (digits.isEmpty()) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * ISO 7064 mod 97-10 as IBANs use it: the first four chars moved to the end, letters as 10–35,
     * the number mod 97 must be 1. Spaces and dashes are ignored, case is not significant.
     */
    public static boolean mod97(String iban) {
        String compact = iban.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
        if (compact.length() < 5) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /** The ABA routing number check: weights 3, 7, 1 over nine digits, sum divisible by 10. */
    public static boolean abaRouting(String digits) {
        if (digits.length() != 9) {
            return false;
        }
        int[] weights = {3, 7, 1, 3, 7, 1, 3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        return sum % 10 == 0;
    }

    /** The UK NHS number check: weights 10 down to 2 over the first nine digits, mod 11 check digit. */
    public static boolean nhs(String digits) {
        if (digits.length() != 10) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == digits.charAt(9) - '0';
    }

    /** The US NPI check: Luhn over the ten digits prefixed with 80840, as CMS specifies. */
    public static boolean npi(String digits) {
        return digits.length() == 10 && luhn("80840" + digits);
    }

    /**
     * The DEA registration number check over its seven digits: (d1 + d3 + d5) + 2 × (d2 + d4 + d6),
     * whose last digit is d7.
     */
    public static boolean dea(String sevenDigits) {
        if (sevenDigits.length() != 7) {
            return false;
        }
        int[] d = new int[7];
        for (int i = 0; i < 7; i++) {
            d[i] = sevenDigits.charAt(i) - '0';
        }
        int sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
        return sum % 10 == d[6];
    }

    /** True when every char of a non-empty string is the same. */
    static boolean allSame(String s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) != s.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}
