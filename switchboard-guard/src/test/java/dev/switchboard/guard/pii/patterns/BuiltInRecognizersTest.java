package dev.switchboard.guard.pii.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Recognizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each built-in recognizer alone, through an analyzer (so context words and the threshold apply). */
class BuiltInRecognizersTest {

    static List<String> found(String recognizer, String text) {
        Recognizer r = BuiltInRecognizers.byName(recognizer).orElseThrow();
        return new Analyzer(List.of(r)).analyze(text, AnalysisOptions.DEFAULT).stream()
                .map(f -> text.substring(f.start(), f.end()))
                .toList();
    }

    @ParameterizedTest(name = "{0} finds ''{2}'' in ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            email_address     | write to john.doe+x@example.co.uk today      | john.doe+x@example.co.uk
            email_address     | CarlESteffensen@einrot.com                   | CarlESteffensen@einrot.com
            phone_number      | call me on +1 650-253-0000 please             | +1 650-253-0000
            phone_number      | office: +44 20 7946 0958                     | +44 20 7946 0958
            phone_number      | my number is (650) 253-0000                  | (650) 253-0000
            credit_card       | card 4111 1111 1111 1111 expires              | 4111 1111 1111 1111
            credit_card       | my credit card number is 180045984582343?     | 180045984582343
            credit_card       | charge 3782-822463-10005 now                  | 3782-822463-10005
            iban_code         | IBAN GB82 WEST 1234 5698 7654 32 thanks       | GB82 WEST 1234 5698 7654 32
            iban_code         | send to de89370400440532013000.               | de89370400440532013000
            ip_address        | from 192.168.1.254 at noon                   | 192.168.1.254
            ip_address        | host 2001:db8::8a2e:370:7334 is up            | 2001:db8::8a2e:370:7334
            ip_address        | 6e40:4041:c617:e898:c11:40d2:c669:2eb4         | 6e40:4041:c617:e898:c11:40d2:c669:2eb4
            url               | see https://example.com/a?b=c. Then           | https://example.com/a?b=c
            url               | (www.example.org/path)                       | www.example.org/path
            domain_name       | hosted at example.org today                  | example.org
            date_time         | When: 2000-04-16 11:34:35                    | 2000-04-16 11:34:35
            date_time         | She was born on 2/8/1935. Her                 | 2/8/1935
            date_time         | due January 5th, 2021 or                      | January 5th, 2021
            date_time         | see you on Monday                            | Monday
            date_time         | meet at 10:30 pm                             | 10:30 pm
            date_year         | the Civil Rights Act of 2001 protects         | 2001
            crypto            | send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT now | 1BoatSLRHtKNngkdXEeobR76b53LETtpyT
            crypto            | pay BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ | BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ
            crypto            | bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0 | bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0
            us_ssn            | my SSN is 536-22-1234                        | 536-22-1234
            us_ssn            | ssn: 536221234                               | 536221234
            us_itin           | ITIN 912-70-1234                             | 912-70-1234
            us_passport       | passport number A12345678                    | A12345678
            us_driver_license | driver license D1234567                      | D1234567
            us_bank_number    | checking account 12345678901                 | 12345678901
            aba_routing       | routing number 011000015                     | 011000015
            us_npi            | provider NPI 1234567893                      | 1234567893
            uk_nhs            | NHS number 943 476 5919                      | 943 476 5919
            uk_nino           | NI number AB 12 34 56 C                      | AB 12 34 56 C
            medical_license   | DEA AB1234563 on file                        | AB1234563
            mac_address       | device 00:1A:2B:3C:4D:5E joined              | 00:1A:2B:3C:4D:5E
            mac_address       | cisco 001a.2b3c.4d5e                         | 001a.2b3c.4d5e
            age               | Patient is a 38-year-old male                | 38
            age               | aged 42, she                                 | 42
            age               | Age: 67                                      | 67
            age               | he is 5 years of age                         | 5
            zip_code          | Springfield, IL 62704                        | 62704
            zip_code          | my zip code is 90210                         | 90210
            zip_code          | London SW1A 2AA                              | SW1A 2AA
            street_address    | I live at 123 Main Street, Springfield, IL 62704 now | 123 Main Street
            street_address    | I live at 123 Main Street, Springfield, IL 62704 now | Springfield, IL
            street_address    | drops you off at 87818 Dalmatinova 68 St.     | 87818 Dalmatinova 68
            street_address    | ship to 24 Clarke Ave. Apt 5                 | 24 Clarke Ave. Apt 5
            street_address    | the bus drops you off at Via Franscini 71.   | Via Franscini 71
            street_address    | 28245 Puruntie 82 Apt. 595                   | 28245 Puruntie 82 Apt. 595
            street_address    | see ul. Słowicza 10 today                    | ul. Słowicza 10
            """)
    void recognizesValidExamples(String recognizer, String text, String expected) {
        assertThat(found(recognizer, text)).contains(expected);
    }

    @ParameterizedTest(name = "{0} finds nothing in ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            email_address     | john@example.notarealtld
            email_address     | a@b
            phone_number      | order 1234 shipped
            credit_card       | card 4111 1111 1111 1112 expires
            credit_card       | 0000 0000 0000 0000
            credit_card       | 7111 1111 1111 1114
            iban_code         | GB82 WEST 1234 5698 7654 33
            iban_code         | XX82WEST12345698765432
            ip_address        | version 1.2.3.456 released
            ip_address        | it is 10:30:00 now
            ip_address        | use std::vector here
            url               | read the file.txt today
            domain_name       | open index.html now
            domain_name       | the end.It was
            date_time         | ratio 31/31/2020
            date_year         | I have 2001 apples
            crypto            | 1BoatSLRHtKNngkdXEeobR76b53LETtpyA
            crypto            | bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj1
            us_ssn            | my SSN is 078-05-1120
            us_ssn            | ssn 000-12-3456
            us_ssn            | ssn 666-12-3456
            us_ssn            | ssn 912-12-3456
            us_ssn            | ssn 123-00-4567
            us_ssn            | ssn 123-45-0000
            us_ssn            | ssn 111-11-1111
            us_ssn            | ssn 536-22.1234
            us_ssn            | number 536221234
            us_passport       | order 123456789
            aba_routing       | routing number 011000016
            aba_routing       | total 011000015
            us_npi            | provider 1234567890
            uk_nhs            | NHS number 943 476 5918
            uk_nino           | NI number GB 12 34 56 C
            medical_license   | DEA AB1234567
            mac_address       | 00:00:00:00:00:00
            mac_address       | 00:1A-2B:3C:4D:5E
            age               | he is 200 years old
            zip_code          | there were 90210 people
            street_address    | I have 3 dogs and 2 cats
            street_address    | chapter 11 of the book
            street_address    | I bought 3 apples and 4 pears
            street_address    | we had 2 Big Macs 3 times this week
            """)
    void findsNothingInLookAlikes(String recognizer, String text) {
        assertThat(found(recognizer, text)).isEmpty();
    }

    @Test
    void everyBuiltInRecognizerHasAUniqueNameAndEveryPatternEntityIsCovered() {
        Set<String> entities = new HashSet<>();
        BuiltInRecognizers.all().forEach(r -> entities.addAll(r.entities()));

        assertThat(entities).containsExactlyInAnyOrder(Entities.EMAIL_ADDRESS, Entities.PHONE_NUMBER,
                Entities.CREDIT_CARD, Entities.IBAN_CODE, Entities.IP_ADDRESS, Entities.URL, Entities.DOMAIN_NAME,
                Entities.DATE_TIME, Entities.CRYPTO, Entities.US_SSN, Entities.US_ITIN, Entities.US_PASSPORT,
                Entities.US_DRIVER_LICENSE, Entities.US_BANK_NUMBER, Entities.ABA_ROUTING, Entities.US_NPI,
                Entities.UK_NHS, Entities.UK_NINO, Entities.MEDICAL_LICENSE, Entities.MAC_ADDRESS, Entities.AGE,
                Entities.ZIP_CODE, Entities.STREET_ADDRESS, Entities.LOCATION);
        assertThat(BuiltInRecognizers.byName("no_such")).isEmpty();
    }

    @Test
    void anAddressIsReportedInPartsWhenLocationAndZipCodeAreWantedAndWholeOtherwise() {
        Recognizer streets = BuiltInRecognizers.byName("street_address").orElseThrow();
        String text = "Billing address:\n> 28245 Puruntie 82 Apt. 595\n> LAPPEENRANTA\n> nan\n> 53650";

        assertThat(new Analyzer(List.of(streets)).analyze(text, AnalysisOptions.DEFAULT))
                .extracting(f -> f.type() + ":" + text.substring(f.start(), f.end()))
                .containsExactly("STREET_ADDRESS:28245 Puruntie 82 Apt. 595", "LOCATION:LAPPEENRANTA\n> nan",
                        "ZIP_CODE:53650");
        assertThat(new Analyzer(List.of(streets)).analyze(text, new AnalysisOptions(Set.of(Entities.STREET_ADDRESS), 0.4)))
                .extracting(f -> f.type() + ":" + text.substring(f.start(), f.end()))
                .containsExactly("STREET_ADDRESS:28245 Puruntie 82 Apt. 595\n> LAPPEENRANTA\n> nan\n> 53650");
    }

    @Test
    void aNumberedStreetNeedsAUnitALocalityOnTheNextLineOrAStreetAbbreviationAfterIt() {
        assertThat(found("street_address", "it is 5638 Aasa 43\nHumilimont, nan 78618")).contains("5638 Aasa 43");
        assertThat(found("street_address", "808 Kálmán Imre u. 12.\n Apt. 762")).contains("808 Kálmán Imre u. 12.\n Apt. 762");
        assertThat(found("street_address", "we met 12 Angry Men 4 times in Paris")).isEmpty();
    }

    @Test
    void theDigitsOfAValidIbanAreNotHandedToTheTelephoneParser() {
        String text = "IBAN DE89 3704 0044 0532 0130 00 or call (650) 253-0000";
        int tail = text.indexOf("3704");

        assertThat(IbanRecognizer.insideIban(text, tail, text.indexOf(" or"))).isTrue();
        assertThat(IbanRecognizer.insideIban(text.replace("DE89", "DE88"), tail, text.indexOf(" or")))
                .as("a checksum that fails is no IBAN").isFalse();
        assertThat(IbanRecognizer.insideIban(text, text.indexOf("(650"), text.length())).isFalse();
        assertThat(found("phone_number", text)).containsExactly("(650) 253-0000");
    }

    @Test
    void phoneRegionsAreConfigurableAndUnknownOnesRejected() {
        Recognizer germanOnly = BuiltInRecognizers.phoneNumbers(List.of("de"));
        String text = "ruf an: 030 901820";

        assertThat(new Analyzer(List.of(germanOnly)).analyze(text, AnalysisOptions.DEFAULT)).hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuiltInRecognizers.phoneNumbers(List.of("XX")))
                .hasMessageContaining("'XX'");
    }
}
