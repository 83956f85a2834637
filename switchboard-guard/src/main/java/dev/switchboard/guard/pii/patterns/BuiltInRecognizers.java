package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Recognizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every built-in pattern recognizer (all entity types but the named entities of the NER model),
 * by name. Each is immutable and can be shared by any number of analyzers.
 */
public final class BuiltInRecognizers {

    private static final Map<String, Recognizer> BY_NAME = index(List.of(
            InternetRecognizers.email(),
            new PhoneNumberRecognizer(),
            FinanceRecognizers.creditCard(),
            new IbanRecognizer(),
            InternetRecognizers.ipAddress(),
            InternetRecognizers.url(),
            InternetRecognizers.domainName(),
            TimeRecognizers.dateTime(),
            TimeRecognizers.year(),
            FinanceRecognizers.crypto(),
            IdentityRecognizers.usSsn(),
            IdentityRecognizers.usItin(),
            IdentityRecognizers.usPassport(),
            IdentityRecognizers.usDriverLicense(),
            FinanceRecognizers.usBankNumber(),
            FinanceRecognizers.abaRouting(),
            IdentityRecognizers.usNpi(),
            IdentityRecognizers.ukNhs(),
            IdentityRecognizers.ukNino(),
            IdentityRecognizers.medicalLicense(),
            InternetRecognizers.macAddress(),
            TimeRecognizers.age(),
            PostalCodeRecognizers.zipCode(),
            new StreetAddressRecognizer()));

    private BuiltInRecognizers() {
    }

    /** All built-in pattern recognizers, in a fixed order. */
    public static List<Recognizer> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The built-in recognizer called {@code name} (e.g. {@code credit_card}), if there is one. */
    public static Optional<Recognizer> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** A phone recognizer reading numbers without country code in {@code regions} instead of the defaults. */
    public static Recognizer phoneNumbers(List<String> regions) {
        return new PhoneNumberRecognizer(regions);
    }

    private static Map<String, Recognizer> index(List<Recognizer> recognizers) {
        Map<String, Recognizer> byName = new LinkedHashMap<>();
        for (Recognizer recognizer : recognizers) {
            if (byName.put(recognizer.name(), recognizer) != null) {
                throw new IllegalStateException("two built-in recognizers are named " + recognizer.name());
            }
        }
        return byName;
    }
}
