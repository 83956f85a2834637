package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Recognizer;
import java.util.List;
import java.util.Set;

/** Recognizers of payment card numbers, crypto wallet addresses and US bank identifiers. */
final class FinanceRecognizers {

    private FinanceRecognizers() {
    }

    /**
     * Card numbers of 12 to 19 digits, compact or in groups with one consistent separator, with a
     * card-network first digit (1–6, or Maestro's 0604) and a valid Luhn check digit: 1.0.
     */
    static Recognizer creditCard() {
        return new PatternRecognizer("credit_card", Entities.CREDIT_CARD, List.of(PatternRule.digits("Credit card",
                "(?<![\\d-])(?:\\d{12,19}(?!\\d)|\\d{4}([ -])\\d{2,7}(?:\\1\\d{2,7}){0,4}(?!\\d|\\1\\d))", " -", 0.3)),
                Validator.of(FinanceRecognizers::isCardNumber), 1.0,
                Set.of("credit", "card", "visa", "mastercard", "cc", "amex", "discover", "jcb", "diners", "maestro",
                        "instapayment", "payment", "debit"));
    }

    static boolean isCardNumber(String match) {
        String digits = Checksums.digitsOf(match);
        if (digits.length() < 12 || digits.length() > 19 || Checksums.allSame(digits)) {
            return false;
        }
        char first = digits.charAt(0);
        boolean network = first >= '1' && first <= '6' || digits.startsWith("0604");
        return network && Checksums.luhn(digits);
    }

    /** Bitcoin addresses whose Base58Check or Bech32/Bech32m checksum holds: 1.0. */
    static Recognizer crypto() {
        return new PatternRecognizer("crypto", Entities.CRYPTO, List.of(PatternRule.anchored("Bitcoin address",
                "(?<![\\w])(?:[13][a-km-zA-HJ-NP-Z1-9]{25,34}|(?i:bc1|tb1)[a-zA-Z0-9]{11,87})(?!\\w)", Anchors.digits(), 90, 90,
                MatchChars.of(MatchChars.LETTERS + MatchChars.DIGITS), MatchStart.wordStart("13bBtT"), 0.5)),
                Validator.of(match -> CryptoAddresses.isBase58Check(match) || CryptoAddresses.isSegwit(match)), 1.0,
                Set.of("wallet", "btc", "bitcoin", "crypto", "address", "send"));
    }

    /**
     * ABA routing numbers: nine digits starting 0–3 or 6–8 (0.05) or dashed {@code 0123-4567-8}
     * (0.3), with the 3-7-1 checksum; a valid checksum alone raises them only to 0.3, because one
     * in ten nine-digit numbers passes it, so a context word is needed to report one.
     */
    static Recognizer abaRouting() {
        return new PatternRecognizer("aba_routing", Entities.ABA_ROUTING, List.of(
                PatternRule.digits("ABA routing number (weak)", "\\b[0123678]\\d{8}\\b", "", 0.05),
                PatternRule.digits("ABA routing number", "\\b[0123678]\\d{3}-\\d{4}-\\d\\b", "-", 0.3)),
                Validator.of(match -> Checksums.abaRouting(Checksums.digitsOf(match))), 0.3,
                Set.of("aba", "routing", "abarouting", "association", "bankrouting", "rtn", "transit"));
    }

    /** US bank account numbers: 8 to 17 digits, 0.05, so only reported next to a context word. */
    static Recognizer usBankNumber() {
        return new PatternRecognizer("us_bank_number", Entities.US_BANK_NUMBER,
                List.of(PatternRule.digits("Bank account (weak)", "\\b[0-9]{8,17}\\b", "", 0.05)),
                Validator.rejecting(match -> Checksums.allSame(match)), 0.05,
                Set.of("check", "checking", "account", "acct", "bank", "save", "savings", "debit"));
    }
}
