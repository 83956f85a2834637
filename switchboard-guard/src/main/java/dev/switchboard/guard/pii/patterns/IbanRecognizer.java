package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * International bank account numbers, compact ({@code GB82WEST12345698765432}) or in groups of
 * four separated by single spaces or dashes, in any case. A candidate is read for exactly as many
 * chars as its country's IBAN has, so a following word is never swallowed; it is reported only when
 * the country is known, its basic bank account number has the country's shape and the ISO 7064
 * mod 97 check holds — then at score 1.0 (as Presidio reports validated IBANs).
 */
public final class IbanRecognizer implements Recognizer {

    static final double VALID_SCORE = 1.0;
    private static final Pattern START = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?=[ -]?[A-Za-z0-9])");

    /** Country → IBAN length, and for some countries the shape of the account part after the check digits. */
    private static final Map<String, Integer> LENGTHS = new HashMap<>();
    private static final MatchStart START_AT = MatchStart.after(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    private static final Map<String, Pattern> SHAPES = new HashMap<>();

    static {
        String lengths = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18"
                + " DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23"
                + " IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27"
                + " MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19"
                + " SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String entry : lengths.split(" ")) {
            LENGTHS.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
        // Countries whose account part is digits only.
        for (String country : "AT BA BE CZ DE DK EE ES FI FO GL HR HU IL LT ME NO PL PT RS SE SI SK TN TL XK AE".split(" ")) {
            SHAPES.put(country, Pattern.compile("[0-9]+"));
        }
        SHAPES.put("GB", Pattern.compile("[A-Z]{4}[0-9]{14}"));
        SHAPES.put("IE", Pattern.compile("[A-Z]{4}[0-9]{14}"));
        SHAPES.put("NL", Pattern.compile("[A-Z]{4}[0-9]{10}"));
        SHAPES.put("FR", Pattern.compile("[0-9]{10}[A-Z0-9]{11}[0-9]{2}"));
        SHAPES.put("MC", Pattern.compile("[0-9]{10}[A-Z0-9]{11}[0-9]{2}"));
        SHAPES.put("IT", Pattern.compile("[A-Z][0-9]{10}[A-Z0-9]{12}"));
        SHAPES.put("SM", Pattern.compile("[A-Z][0-9]{10}[A-Z0-9]{12}"));
        SHAPES.put("CH", Pattern.compile("[0-9]{5}[A-Z0-9]{12}"));
        SHAPES.put("LU", Pattern.compile("[0-9]{3}[A-Z0-9]{13}"));
    }

    @Override
    public String name() {
        return "iban_code";
    }

    @Override
    public Set<String> entities() {
        return Set.of(Entities.IBAN_CODE);
    }

    @Override
    public Set<String> contextWords() {
        return Set.of("iban", "bank", "transaction", "account", "transfer", "swift");
    }

    @Override
    public List<Finding> analyze(String text, Set<String> wanted) {
        List<Finding> found = new ArrayList<>();
        int[] next = {0};
        Anchors.digits().matches(text, START, 4, 4, START_AT, m -> {
            if (m.start() >= next[0]) {
                int end = readIban(text, m.start());
                if (end > 0) {
                    found.add(new Finding(Entities.IBAN_CODE, m.start(), end, VALID_SCORE, name()));
                    next[0] = end;
                }
            }
        });
        return found;
    }

    /** Chars an IBAN can span written with a separator every four chars (34 + 8). */
    static final int MAX_WRITTEN_CHARS = 42;

    /**
     * Whether {@code text[start, end)} lies inside a valid IBAN (one starting at most
     * {@value #MAX_WRITTEN_CHARS} chars before {@code start}).
     */
    static boolean insideIban(String text, int start, int end) {
        for (int p = Math.max(0, start - MAX_WRITTEN_CHARS); p <= start && p + 4 <= text.length(); p++) {
            if (isLetter(text.charAt(p)) && isLetter(text.charAt(p + 1)) && isDigit(text.charAt(p + 2))
                    && isDigit(text.charAt(p + 3)) && (p == 0 || !isAlnum(text.charAt(p - 1)))
                    && readIban(text, p) >= end) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The end of a valid IBAN starting at {@code start}, or -1. */
    private static int readIban(String text, int start) {
        String country = text.substring(start, start + 2).toUpperCase(Locale.ROOT);
        Integer length = LENGTHS.get(country);
        if (length == null) {
            return -1;
        }
        StringBuilder compact = new StringBuilder(length);
        int i = start;
        char separator = 0;
        while (i < text.length() && compact.length() < length) {
            char c = text.charAt(i);
            if (isAlnum(c)) {
                compact.append(Character.toUpperCase(c));
                i++;
            } else if ((c == ' ' || c == '-') && compact.length() % 4 == 0 && compact.length() > 0
                    && (separator == 0 || separator == c) && i + 1 < text.length() && isAlnum(text.charAt(i + 1))) {
                separator = c;
                i++;
            } else {
                return -1;
            }
        }
        if (compact.length() != length || i < text.length() && isAlnum(text.charAt(i))) {
            return -1;
        }
        String iban = compact.toString();
        Pattern shape = SHAPES.get(country);
        if (shape != null && !shape.matcher(iban.substring(4)).matches()) {
            return -1;
        }
        return Checksums.mod97(iban) ? i : -1;
    }

    private static boolean isAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
