package dev.switchboard.guard.pii.patterns;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Finding;
import dev.switchboard.guard.pii.Recognizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Phone numbers, found by Google's libphonenumber ({@code PhoneNumberUtil.findNumbers} with
 * leniency VALID) once per configured region: a number written without a country code must be
 * valid in one of the regions, one with {@code +} anywhere. Numbers with fewer than
 * {@value #MIN_DIGITS} digits are skipped (short codes and extensions look like every other
 * small number). Score {@value #SCORE}, as Presidio's phone recognizer; context words raise it.
 */
public final class PhoneNumberRecognizer implements Recognizer {

    /** Regions tried by default: Presidio's list (with GB for its "UK") and FR. */
    public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR");
    static final double SCORE = 0.4;
    static final int MIN_DIGITS = 8;

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
        long maxTries = Math.max(1_000, text.length() / 2);
        Set<Long> seen = new HashSet<>();
        List<Finding> found = new ArrayList<>();
        for (String region : regions) {
            for (PhoneNumberMatch match : util.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID, maxTries)) {
                if (Checksums.digitsOf(match.rawString()).length() < MIN_DIGITS) {
                    continue;
                }
                long key = (long) match.start() << 32 | match.end();
                if (seen.add(key)) {
                    found.add(new Finding(Entities.PHONE_NUMBER, match.start(), match.end(), SCORE, name()));
                }
            }
        }
        return found;
    }
}
