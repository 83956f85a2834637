package dev.switchboard.guard.pii;

import java.util.Set;

/** The built-in entity types, named as Microsoft Presidio names them. */
public final class Entities {

    public static final String EMAIL_ADDRESS = "EMAIL_ADDRESS";
    public static final String PHONE_NUMBER = "PHONE_NUMBER";
    public static final String CREDIT_CARD = "CREDIT_CARD";
    public static final String IBAN_CODE = "IBAN_CODE";
    public static final String IP_ADDRESS = "IP_ADDRESS";
    public static final String URL = "URL";
    public static final String DOMAIN_NAME = "DOMAIN_NAME";
    public static final String DATE_TIME = "DATE_TIME";
    public static final String CRYPTO = "CRYPTO";
    public static final String US_SSN = "US_SSN";
    public static final String US_ITIN = "US_ITIN";
    public static final String US_PASSPORT = "US_PASSPORT";
    public static final String US_DRIVER_LICENSE = "US_DRIVER_LICENSE";
    public static final String US_BANK_NUMBER = "US_BANK_NUMBER";
    public static final String ABA_ROUTING = "ABA_ROUTING";
    public static final String US_NPI = "US_NPI";
    public static final String UK_NHS = "UK_NHS";
    public static final String UK_NINO = "UK_NINO";
    public static final String MEDICAL_LICENSE = "MEDICAL_LICENSE";
    public static final String MAC_ADDRESS = "MAC_ADDRESS";
    public static final String AGE = "AGE";
    public static final String ZIP_CODE = "ZIP_CODE";
    public static final String STREET_ADDRESS = "STREET_ADDRESS";
    public static final String PERSON = "PERSON";
    public static final String LOCATION = "LOCATION";
    public static final String ORGANIZATION = "ORGANIZATION";
    public static final String NRP = "NRP";
    public static final String TITLE = "TITLE";

    /** Entities found by the named-entity model rather than by patterns. */
    public static final Set<String> NAMED = Set.of(PERSON, LOCATION, ORGANIZATION, NRP, TITLE);

    private Entities() {
    }
}
