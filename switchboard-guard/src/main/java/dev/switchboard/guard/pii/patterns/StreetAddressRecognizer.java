package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses. A core is found by one of these shapes:
 * <ul>
 *   <li>US and UK: house number, capitalized name words, a street type from libpostal's English
 *       dictionary ({@code 123 Main Street}, {@code 24 Clarke Ave.}), score {@value #STREET_SCORE};</li>
 *   <li>continental: a street word with a known prefix ({@code Via}, {@code Rue}, {@code ul.}) or
 *       suffix ({@code -straße}, {@code -gatan}, {@code -vej}, {@code -katu}) and a house number
 *       ({@code Via Franscini 71}, {@code Koskikatu 25}), score {@value #CONTINENTAL_SCORE};</li>
 *   <li>{@code the corner of X and Y}; a number, names and a number followed by a unit
 *       ({@code 28030 Edeby 55, Apt. 297});</li>
 *   <li>US military ({@code PSC 0272, Box 1651 APO AA 94530}) and PO boxes.</li>
 * </ul>
 * A unit written just before the street on the same line is included.
 * A core is then extended over a unit ({@code Apt. 4}, {@code Suite 200}) and over a locality
 * tail of at most {@value #MAX_TAIL_WORDS} capitalized words ending in a postal code
 * ({@code , Springfield, IL 62704}, a city and country on the next lines) or, on the same line,
 * in a country name ({@code Rzeszów Poland}).
 *
 * <p>When {@code LOCATION} and {@code ZIP_CODE} are wanted too, an address is reported as its
 * parts: the street with its unit as {@code STREET_ADDRESS}, the locality words as
 * {@code LOCATION} and the postal code as {@code ZIP_CODE} (how labelled data such as
 * presidio-research's marks addresses, and redacted they cover the same text). Otherwise the whole
 * address is one {@code STREET_ADDRESS}.
 *
 * <p>All patterns have bounded quantifiers; the tail is only searched in a bounded window.
 */
public final class StreetAddressRecognizer implements Recognizer {

    static final double STREET_SCORE = 0.55;
    static final double CONTINENTAL_SCORE = 0.5;
    static final double MILITARY_SCORE = 0.7;
    static final double PO_BOX_SCORE = 0.5;
    static final int MAX_TAIL_WORDS = 6;
    /** Longer than any street core the patterns match (their quantifiers are bounded). */
    private static final int MAX_CORE_CHARS = 260;
    private static final Anchors DIGITS = Anchors.digits();
    private static final Anchors CORNER_WORD = Anchors.words(Set.of("corner"));
    private static final int TAIL_WINDOW_CHARS = 100;

    private static final String NUMBER = "\\d{1,6}[A-Za-z]?(?:-\\d{1,6})?";
    private static final String NAME = "(?:\\p{Lu}[\\p{L}'.-]{0,30}|\\d{1,3}(?:st|nd|rd|th))";
    private static final String PARTICLE = "(?:de|da|do|dos|das|del|della|delle|dei|degli|di|des|du|la|le|les|von|van|der|den|e|y|am|an|im|zum|zur)";
    /** A unit designator and its number: {@code Apt. 4}, {@code Suite 200}, {@code # 12}. */
    private static final String UNIT_WORD = "(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|Floor|Fl|Flat|Bldg|Building|#)\\.?[ \\t]{0,2}#?[A-Za-z0-9-]{0,5}\\d[A-Za-z0-9-]{0,5}\\b\\.?";
    /** A line break and a quoting prefix such as {@code >} before the next line's text. */
    private static final String NEXT_LINE = "(?:\\n[^\\p{L}\\p{N}\\n]{0,4})";
    private static final String GAP = "[ \\t]{1,3}";

    private static final List<Pattern> STREETS = List.of(
            Pattern.compile("\\b(?:" + NUMBER + GAP + "){1,2}(?:" + NAME + GAP + "){1,5}(?i:" + streetTypes() + ")\\b\\.?"
                    + "(?:" + GAP + "(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\b\\.?)?(?:" + GAP + "\\d{1,5}[A-Za-z]?\\b)?"),
            // "the corner of Dalbraut 99 and Frederikke Coves"
            Pattern.compile("\\b(?:[Tt]he[ \\t])?[Cc]orner[ \\t]of[ \\t](?:(?:[\\p{Lu}\\d][\\p{L}\\d'.-]{0,30}|\\p{Ll}{1,6})[ \\t]){1,6}"
                    + "and[ \\t]\\p{Lu}[\\p{L}'.-]{0,30}(?:[ \\t]\\p{Lu}[\\p{L}'.-]{0,30}){0,3}"),
            // A number, names and a number confirmed by a unit after it: "28030 Edeby 55\n Apt. 297"
            Pattern.compile("\\b(?:" + NUMBER + GAP + ")?\\p{Lu}[\\p{L}'.-]{1,30}(?:" + GAP + "\\p{Lu}[\\p{L}'.-]{0,30}){0,3}" + GAP
                    + "\\d{1,5}[A-Za-z]?\\b\\.?(?=,?[ \\t]{0,3}" + NEXT_LINE + "?[ \\t]{0,3}(?:Apt|Apartment|Suite|Ste|Unit)\\b)"));
    /**
     * A house number, one to four words and a number ({@code 5638 Aasa 43}, {@code 808 Kálmán Imre
     * u. 12.}): an address only when a unit, a locality with a postal code on the next line or
     * after a comma, or a street abbreviation ({@code St.}) follows; see {@link #confirmed}.
     */
    private static final Pattern NUMBERED = Pattern.compile("\\b\\d{1,6}" + GAP + "\\p{L}[\\p{L}'.-]{1,30}(?:" + GAP
            + "\\p{L}[\\p{L}'.-]{0,30}){0,3}" + GAP + "\\d{1,5}[A-Za-z]?\\b\\.?");
    private static final Pattern STREET_ABBREVIATION_AFTER = Pattern.compile("[ \\t](?i:st|str|rd|ave)\\.");
    /** Street words that end in a type ({@code Hauptstraße}, {@code Koskikatu}), before their house number. */
    private static final String CONTINENTAL_SUFFIXES = "straße|strasse|str\\.|gasse|weg|allee|platz|ring|damm|graben|ufer"
            + "|steig|vej|vejen|gade|gaden|stræde|gatan|gata|vägen|väg|gränd|veien|vegen|veg|stien|katu|tie|kuja|polku|laan"
            + "|straat|gracht|plein|kade|dreef|utca|ulica|cesta|ulice|braut|vegur|stígur";
    /** Street types written before the name ({@code Via Franscini 71}, {@code ul. Długa 5}). */
    private static final String CONTINENTAL_PREFIXES = "Via|Viale|Vicolo|Piazza|Piazzale|Corso|Largo|Strada|Rue|Avenida"
            + "|Avda\\.|Rua|Travessa|Calle|Carrer|Camino|Paseo|Plaza|Praça|Chemin|Quai|Allée|Impasse|ul\\.|Ul\\.|ulica|Ulica"
            + "|al\\.|Aleja|aleja|Leoforos";
    /** Street types written after the house number ({@code 12 rue de la Paix}). */
    private static final String TYPES_AFTER_NUMBER = "[Rr]ue|Avenue|Boulevard|Chemin|Place|Allée|Impasse|Quai|[Vv]ia|[Rr]ua"
            + "|[Aa]venida|[Cc]alle";
    private static final List<Pattern> CONTINENTAL = List.of(
            Pattern.compile("(?:\\b" + NUMBER + GAP + ")?\\b\\p{Lu}\\p{L}{0,30}(?:" + CONTINENTAL_SUFFIXES + ")"
                    + "(?:" + GAP + "\\p{Lu}\\p{L}{0,30}){0,2}" + GAP + "\\d{1,5}[A-Za-z]?\\b\\.?"),
            Pattern.compile("(?:\\b" + NUMBER + GAP + ")?(?<![\\p{L}.])(?:" + CONTINENTAL_PREFIXES + ")" + GAP
                    + "(?:(?:\\p{Lu}[\\p{L}'.-]{0,30}|" + PARTICLE + ")" + GAP + "){1,4}\\d{1,5}[A-Za-z]?\\b"),
            Pattern.compile("(?:\\b" + NUMBER + GAP + ")?\\b\\d{1,5}(?:bis|ter)?,?" + GAP + "(?:" + TYPES_AFTER_NUMBER + ")"
                    + "(?:" + GAP + "(?!(?:Apt|Suite|Ste|Unit)\\b)(?:\\p{L}[\\p{L}'.-]{0,30})){1,4}\\b"));
    /**
     * What every match of each {@link #CONTINENTAL} pattern holds, in the same order: a suffix
     * right before the blank ahead of the house number; the prefix word, as a whole word; the
     * street type after the number, as a whole word.
     */
    private static final List<Anchors> CONTINENTAL_ANCHORS = List.of(
            Anchors.endingBeforeBlank(alternatives(CONTINENTAL_SUFFIXES)),
            Anchors.words(Set.copyOf(lowerCase(alternatives(CONTINENTAL_PREFIXES)))),
            Anchors.words(Set.copyOf(lowerCase(alternatives(TYPES_AFTER_NUMBER)))));
    /**
     * How far a match of each {@link #CONTINENTAL} pattern reaches before and after its anchor (the
     * patterns' quantifiers are bounded; a letter outside the BMP is two chars). Suffix: a number
     * and a blank (17 chars) and a word of up to 31 letters ending in a suffix of up to 7 before
     * the blank (86), then two more words and the house number after it (140). Prefix word: a
     * number and a blank before it (17); after it, as for the other shapes, {@link #MAX_CORE_CHARS}.
     * Type after the number: two numbers, "bis" and blanks before it (29); after it the same.
     */
    private static final int[][] CONTINENTAL_REACH = {{96, 150}, {24, MAX_CORE_CHARS}, {40, MAX_CORE_CHARS}};
    private static final MatchStart DIGIT_START = MatchStart.wordStart("0123456789");
    /**
     * Where a match of {@code STREETS.get(0)} can start: a house number (a whole run of digits,
     * letters and dashes, as {@link #NUMBER} ends only where its blanks begin), one to three blanks
     * and a digit or capital (another number, or a name).
     */
    private static final MatchStart STREET_START = DIGIT_START.and(MatchStart.tokenThenBlanks(
            MatchChars.DIGITS + MatchChars.LETTERS + "-", 14, 3, MatchChars.DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    /** Where a match of {@link #NUMBERED} can start: one to six digits, one to three blanks and a letter. */
    private static final MatchStart NUMBERED_START = DIGIT_START.and(MatchStart.tokenThenBlanks(
            MatchChars.DIGITS, 6, 3, MatchChars.LETTERS));
    private static final MatchStart DIGIT_OR_CAPITAL_START = MatchStart.digitOrUpperCaseWordStart();
    /** Where a match of each {@link #CONTINENTAL} pattern can start, in the same order. */
    private static final List<MatchStart> CONTINENTAL_STARTS = List.of(
            DIGIT_OR_CAPITAL_START,
            // a house number, or the prefix word after anything but a letter or a period
            (text, i) -> DIGIT_START.possibleAt(text, i) || Character.isLetter(text.charAt(i))
                    && (i == 0 || !Character.isLetter(text.charAt(i - 1)) && text.charAt(i - 1) != '.'),
            DIGIT_START);
    /** The unit words the lookahead of {@code STREETS.get(2)} needs after a match. */
    private static final Anchors UNIT_AFTER = Anchors.literals("Apt", "Apartment", "Suite", "Ste", "Unit");
    /** The most chars between the end of a {@code STREETS.get(2)} match and its unit word. */
    private static final int UNIT_GAP_CHARS = 12;
    private static final Pattern MILITARY = Pattern.compile(
            "\\b(?:(?:PSC|Unit|CMR)[ \\t]\\d{1,5},?[ \\t]Box[ \\t]\\d{1,5}|USN[SV]?[ \\t]\\p{Lu}\\p{L}{1,20}|USCGC[ \\t]\\p{Lu}\\p{L}{1,20})"
                    + "\\s{1,4}(?:APO|FPO|DPO)[ \\t](?:AA|AE|AP)[ \\t]\\d{5}\\b");
    /** What every {@link #MILITARY} address holds: its post office. */
    private static final Anchors MILITARY_POST = Anchors.literals("APO", "FPO", "DPO");
    /**
     * How far a {@link #MILITARY} match reaches before its post office: {@code USCGC}, a blank, a
     * name of 21 letters (42 chars outside the BMP) and four blanks (52); after it, the office,
     * region and ZIP with their blanks (12).
     */
    private static final int MILITARY_BEFORE_POST = 60;
    private static final int MILITARY_AFTER_POST = 16;
    private static final Pattern PO_BOX = Pattern.compile("\\b(?i:P\\.?[ \\t]?O\\.?[ \\t]?Box|Post[ \\t]Office[ \\t]Box)[ \\t]\\d{1,6}\\b");

    private static final Pattern UNIT = Pattern.compile(
            "(?:,?[ \\t]{0,3}" + NEXT_LINE + "?[ \\t]{0,3}" + UNIT_WORD + "){1,2}");
    private static final Pattern UNIT_BEFORE = Pattern.compile(UNIT_WORD + "[ \\t]{1,3}$");
    private static final Set<String> COUNTRIES = countries();
    private static final Pattern COUNTRY_WORDS = Pattern.compile("\\p{Lu}\\p{L}{1,30}(?:[ \\t]\\p{Lu}\\p{L}{1,30})?");
    private static final Pattern TAIL_POSTCODE = Pattern.compile(
            "\\b(?:\\d{5}(?:-\\d{4})?|\\d{4}|\\d{3}[ -]\\d{2,3}|\\d{2}-\\d{3}|[A-Z]{1,2}\\d[A-Z\\d]?[ ]\\d[A-Z]{2}|[A-Z]\\d[A-Z][ ]\\d[A-Z]\\d)\\b");
    /**
     * A capitalized word, a word in parentheses, a short lower-case word (a particle such as "u" or
     * "de", or a placeholder such as "nan" where a form had no state), or a one- or two-digit
     * region number.
     */
    private static final Pattern TAIL_WORD = Pattern.compile(
            "\\p{Lu}[\\p{L}'.()-]{0,30}|\\([\\p{L}]{1,20}\\)|\\p{Ll}{1,3}(?![\\p{L}])|\\d{1,2}(?![\\p{N}])");

    @Override
    public String name() {
        return "street_address";
    }

    @Override
    public Set<String> entities() {
        return Set.of(Entities.STREET_ADDRESS, Entities.LOCATION, Entities.ZIP_CODE);
    }

    @Override
    public Set<String> contextWords() {
        return Set.of("address", "street", "live", "lives", "located", "reside", "resides", "ship", "shipping",
                "billing", "mailing", "deliver", "delivery", "home", "apartment", "return");
    }

    @Override
    public List<Finding> analyze(String text, Set<String> wanted) {
        if (!wanted.contains(Entities.STREET_ADDRESS)) {
            return List.of();
        }
        boolean inParts = wanted.contains(Entities.LOCATION) && wanted.contains(Entities.ZIP_CODE);
        List<Finding> found = new ArrayList<>();
        // Each shape is searched only around what every match of it holds (a house or box number,
        // a street word, a unit after it) and tried only where a match can start (MatchStart).
        DIGITS.matches(text, STREETS.get(0), 0, MAX_CORE_CHARS, STREET_START,
                core -> add(text, unitBefore(text, core.start()), core.end(), STREET_SCORE, inParts, found));
        UNIT_AFTER.matches(text, STREETS.get(2), MAX_CORE_CHARS + UNIT_GAP_CHARS, 0, DIGIT_OR_CAPITAL_START,
                core -> add(text, unitBefore(text, core.start()), core.end(), STREET_SCORE, inParts, found));
        CORNER_WORD.matches(text, STREETS.get(1), 16, 2 * MAX_CORE_CHARS, MatchStart.wordStart("TtCc"),
                core -> add(text, core.start(), core.end(), STREET_SCORE, inParts, found));
        for (int k = 0; k < CONTINENTAL.size(); k++) {
            CONTINENTAL_ANCHORS.get(k).matches(text, CONTINENTAL.get(k), CONTINENTAL_REACH[k][0], CONTINENTAL_REACH[k][1],
                    CONTINENTAL_STARTS.get(k),
                    core -> add(text, unitBefore(text, core.start()), core.end(), CONTINENTAL_SCORE, inParts, found));
        }
        DIGITS.matches(text, NUMBERED, 0, MAX_CORE_CHARS, NUMBERED_START, core -> {
            if (confirmed(text, core.end())) {
                add(text, unitBefore(text, core.start()), core.end(), CONTINENTAL_SCORE, inParts, found);
            }
        });
        MILITARY_POST.matches(text, MILITARY, MILITARY_BEFORE_POST, MILITARY_AFTER_POST, MatchStart.wordStart("PUC"), military ->
                found.add(new Finding(Entities.STREET_ADDRESS, military.start(), military.end(), MILITARY_SCORE, name())));
        DIGITS.matches(text, PO_BOX, 30, 10, MatchStart.wordStartIgnoringCase("p"),
                poBox -> add(text, poBox.start(), poBox.end(), PO_BOX_SCORE, inParts, found));
        return found;
    }

    /** Adds the address whose core is {@code [start, coreEnd)}, whole or in parts. */
    private void add(String text, int start, int coreEnd, double score, boolean inParts, List<Finding> found) {
        int streetEnd = afterUnit(text, coreEnd);
        Locality locality = locality(text, streetEnd);
        if (!inParts) {
            found.add(new Finding(Entities.STREET_ADDRESS, start, locality == null ? streetEnd : locality.end(), score, name()));
            return;
        }
        found.add(new Finding(Entities.STREET_ADDRESS, start, streetEnd, score, name()));
        if (locality != null && locality.wordsEnd() > locality.wordsStart()) {
            found.add(new Finding(Entities.LOCATION, locality.wordsStart(), locality.wordsEnd(), score, name()));
        }
        if (locality != null && locality.postcodeEnd() > locality.postcodeStart()) {
            found.add(new Finding(Entities.ZIP_CODE, locality.postcodeStart(), locality.postcodeEnd(), score, name()));
        }
    }

    /** Whether what follows a {@link #NUMBERED} core ending at {@code end} makes it an address. */
    private static boolean confirmed(String text, int end) {
        if (afterUnit(text, end) > end) {
            return true;
        }
        Matcher abbreviation = STREET_ABBREVIATION_AFTER.matcher(text);
        abbreviation.region(end, Math.min(text.length(), end + 6));
        if (abbreviation.lookingAt()) {
            return true;
        }
        Locality locality = locality(text, end);
        if (locality == null || locality.postcodeEnd() == locality.postcodeStart() || locality.wordsEnd() == locality.wordsStart()) {
            return false;
        }
        String between = text.substring(end, locality.wordsStart());
        return between.indexOf('\n') >= 0 || between.indexOf(',') >= 0;
    }

    /** The start of a unit written just before the street on the same line ("Apt. 675 62314 Mellemvej 32"), or {@code start}. */
    private static int unitBefore(String text, int start) {
        Matcher unit = UNIT_BEFORE.matcher(text);
        unit.region(Math.max(0, start - 24), start);
        unit.useTransparentBounds(true);
        return unit.find() ? unit.start() : start;
    }

    /** The end of a unit written right after a street core ending at {@code end}, or {@code end}. */
    private static int afterUnit(String text, int end) {
        Matcher unit = UNIT.matcher(text);
        unit.region(end, Math.min(text.length(), end + 40));
        return unit.lookingAt() ? unit.end() : end;
    }

    /**
     * The locality after a street: its words ({@code Springfield, IL}; empty when there are none)
     * and its postal code (empty when it ends in a country name instead).
     */
    record Locality(int wordsStart, int wordsEnd, int postcodeStart, int postcodeEnd) {
        int end() {
            return Math.max(wordsEnd, postcodeEnd);
        }
    }

    /**
     * The locality tail after {@code end}: capitalized words, commas and line breaks, then a postal
     * code or, on the same line, a country name, all within a small window; or null.
     */
    static Locality locality(String text, int end) {
        int limit = Math.min(text.length(), end + TAIL_WINDOW_CHARS);
        Matcher postcode = TAIL_POSTCODE.matcher(text);
        postcode.region(end, limit);
        int wordsLimit;
        int postcodeStart;
        int postcodeEnd;
        if (postcode.find()) {
            wordsLimit = postcode.start();
            postcodeStart = postcode.start();
            postcodeEnd = postcode.end();
        } else {
            int country = countryEnd(text, end, limit);
            if (country < 0) {
                return null;
            }
            wordsLimit = country;
            postcodeStart = postcodeEnd = country;
        }
        int words = 0;
        int lineBreaks = 0;
        int firstWord = -1;
        int lastWordEnd = -1;
        int i = end;
        Matcher word = TAIL_WORD.matcher(text);
        while (i < wordsLimit) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineBreaks++;
                i++;
                // A quoting prefix such as "> " on the next line.
                for (int skipped = 0; skipped < 4 && i < wordsLimit && isQuotePrefix(text.charAt(i)); skipped++) {
                    i++;
                }
            } else if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
                i++;
            } else {
                word.region(i, wordsLimit);
                if (!word.lookingAt()) {
                    return null;
                }
                words++;
                if (firstWord < 0) {
                    firstWord = i;
                }
                i = lastWordEnd = word.end();
            }
        }
        if (words > MAX_TAIL_WORDS || lineBreaks > 4 || words == 0 && lineBreaks > 1) {
            return null;
        }
        return words == 0
                ? new Locality(postcodeStart, postcodeStart, postcodeStart, postcodeEnd)
                : new Locality(firstWord, lastWordEnd, postcodeStart, postcodeEnd);
    }

    private static boolean isQuotePrefix(char c) {
        return c == '>' || c == '|' || c == '?' || c == '*' || c == '-';
    }

    /** The end of the first country name in the same line's capitalized words after {@code from}, or -1. */
    private static int countryEnd(String text, int from, int limit) {
        int lineEnd = text.indexOf('\n', from);
        int to = lineEnd < 0 ? limit : Math.min(limit, lineEnd);
        Matcher word = COUNTRY_WORDS.matcher(text);
        word.region(from, to);
        while (word.find()) {
            String candidate = word.group();
            if (COUNTRIES.contains(candidate)) {
                return word.end();
            }
            int space = candidate.indexOf(' ');
            if (space > 0 && COUNTRIES.contains(candidate.substring(0, space))) {
                return word.start() + space;
            }
            if (space > 0 && COUNTRIES.contains(candidate.substring(space + 1))) {
                return word.end();
            }
        }
        return -1;
    }

    /** The words of a regex alternation of literals ({@code Via|[Rr]ue|ul\\.}), a character class read as its first char. */
    private static List<String> alternatives(String alternation) {
        List<String> words = new ArrayList<>();
        for (String alternative : alternation.split("\\|")) {
            words.add(alternative.replace("\\.", ".").replaceAll("\\[(.)[^\\]]*\\]", "$1"));
        }
        return words;
    }

    private static List<String> lowerCase(List<String> words) {
        return words.stream().map(w -> w.replace(".", "").toLowerCase(java.util.Locale.ROOT)).distinct().toList();
    }

    /** English names of the ISO 3166 countries, as the JDK knows them. */
    private static Set<String> countries() {
        Set<String> names = new java.util.HashSet<>();
        for (String code : java.util.Locale.getISOCountries()) {
            names.add(java.util.Locale.of("", code).getDisplayCountry(java.util.Locale.ENGLISH));
        }
        return Set.copyOf(names);
    }

    /** Street type words and abbreviations of libpostal's English dictionary, longest first. */
    private static String streetTypes() {
        String resource = "libpostal-street-types.txt";
        Set<String> variants = new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
        try (InputStream in = StreetAddressRecognizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                for (String variant : line.strip().split("\\|")) {
                    // One-letter abbreviations ("r" for road) match too much prose.
                    if (variant.length() >= 2) {
                        variants.add(Pattern.quote(variant).replace(" ", "\\E[ \\t]\\Q"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join("|", variants);
    }
}
