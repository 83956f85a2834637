package dev.switchboard.guard.pii.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void luhnAcceptsKnownCardNumbersAndRejectsAChangedDigit() {
        assertThat(Checksums.luhn("4111111111111111")).isTrue();
        assertThat(Checksums.luhn("378282246310005")).isTrue();
        assertThat(Checksums.luhn("4111111111111121")).isFalse();
        assertThat(Checksums.luhn("")).isFalse();
    }

    @Test
    void mod97AcceptsValidIbansInAnyCaseWithSpaces() {
        assertThat(Checksums.mod97("GB82 WEST 1234 5698 7654 32")).isTrue();
        assertThat(Checksums.mod97("de89370400440532013000")).isTrue();
        assertThat(Checksums.mod97("DE89370400440532013001")).isFalse();
    }

    @Test
    void abaNhsNpiAndDeaChecksAcceptPublishedExamples() {
        assertThat(Checksums.abaRouting("011000015")).isTrue();
        assertThat(Checksums.abaRouting("011000016")).isFalse();
        assertThat(Checksums.nhs("9434765919")).isTrue();
        assertThat(Checksums.nhs("9434765918")).isFalse();
        assertThat(Checksums.npi("1234567893")).isTrue();
        assertThat(Checksums.npi("1234567890")).isFalse();
        assertThat(Checksums.dea("1234563")).isTrue();
        assertThat(Checksums.dea("1234567")).isFalse();
    }

    @Test
    void ipAddressParsersFollowTheTextForms() {
        assertThat(IpAddresses.isIpv4("255.255.255.255")).isTrue();
        assertThat(IpAddresses.isIpv4("256.1.1.1")).isFalse();
        assertThat(IpAddresses.isIpv4("01.1.1.1")).isFalse();
        assertThat(IpAddresses.isIpv6("::1")).isTrue();
        assertThat(IpAddresses.isIpv6("2001:db8::")).isTrue();
        assertThat(IpAddresses.isIpv6("::ffff:192.0.2.1")).isTrue();
        assertThat(IpAddresses.isIpv6("fe80::1%eth0")).isTrue();
        assertThat(IpAddresses.isIpv6("1:2:3:4:5:6:7:8")).isTrue();
        assertThat(IpAddresses.isIpv6("1:2:3:4:5:6:7")).isFalse();
        assertThat(IpAddresses.isIpv6("1::2::3")).isFalse();
        assertThat(IpAddresses.isIpv6("12345::1")).isFalse();
        assertThat(IpAddresses.isIpv6(":1:2:3:4:5:6:7")).isFalse();
    }

    @Test
    void bitcoinChecksumsAcceptRealAddressesAndRejectTypos() {
        assertThat(CryptoAddresses.isBase58Check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")).isTrue();
        assertThat(CryptoAddresses.isBase58Check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")).isFalse();
        assertThat(CryptoAddresses.isSegwit("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")).isTrue();
        assertThat(CryptoAddresses.isSegwit("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp")).isFalse();
        assertThat(CryptoAddresses.isSegwit("bc1QAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")).as("mixed case").isFalse();
    }
}
