package dev.switchboard.guard.pii.eval;

import dev.switchboard.guard.pii.Entities;
import java.util.Map;

/**
 * Maps entity labels of evaluation data sets and of Switchboard's recognizers to one vocabulary,
 * so both sides of an evaluation compare like with like. The one place such names are mapped.
 */
public final class DatasetLabels {

    /**
     * presidio-research synthetic data labels that differ from Switchboard's entity names. Its
     * {@code DOMAIN_NAME} spans are whole URLs ({@code https://www.example.se/}), so both its label
     * and Switchboard's {@code DOMAIN_NAME} findings are compared as {@code URL}.
     */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("GPE", Entities.LOCATION),
            Map.entry("LOC", Entities.LOCATION),
            Map.entry("ORG", Entities.ORGANIZATION),
            Map.entry("PER", Entities.PERSON),
            Map.entry("ADDRESS", Entities.STREET_ADDRESS),
            Map.entry("PHONE", Entities.PHONE_NUMBER),
            Map.entry("EMAIL", Entities.EMAIL_ADDRESS),
            Map.entry("CREDIT_CARD_NUMBER", Entities.CREDIT_CARD),
            Map.entry("IBAN", Entities.IBAN_CODE),
            Map.entry("SSN", Entities.US_SSN),
            Map.entry("ABA_ROUTING_NUMBER", Entities.ABA_ROUTING),
            Map.entry("DATE", Entities.DATE_TIME),
            Map.entry("TIME", Entities.DATE_TIME),
            Map.entry("DOMAIN_NAME", Entities.URL),
            Map.entry("ZIP", Entities.ZIP_CODE),
            Map.entry("POSTCODE", Entities.ZIP_CODE));

    private DatasetLabels() {
    }

    /** The entity name {@code label} is compared as. */
    public static String canonical(String label) {
        return ALIASES.getOrDefault(label, label);
    }
}
