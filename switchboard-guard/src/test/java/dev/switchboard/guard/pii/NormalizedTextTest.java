package dev.switchboard.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalizedTextTest {

    @Test
    void plainAsciiTextIsLeftAsItIs() {
        NormalizedText normalized = NormalizedText.of("call me at 555-0100");

        assertThat(normalized.isIdentity()).isTrue();
        assertThat(normalized.text()).isEqualTo("call me at 555-0100");
    }

    @Test
    void zeroWidthCharactersSoftHyphensAndBidiControlsAreRemoved() {
        String original = "jo\u200Bhn\u00AD@ex\u202Eam\u2066ple.com\uFEFF";

        NormalizedText normalized = NormalizedText.of(original);

        assertThat(normalized.text()).isEqualTo("john@example.com");
        assertThat(original.substring(normalized.originalStart(0), normalized.originalEnd(16)))
                .isEqualTo("jo\u200Bhn\u00AD@ex\u202Eam\u2066ple.com");
    }

    @Test
    void lookAlikeCyrillicAndGreekLettersInLatinWordsBecomeLatin() {
        assertThat(NormalizedText.of("p\u0430yp\u0430l.com").text()).isEqualTo("paypal.com");
        assertThat(NormalizedText.of("\u039Fscar \u0392ank").text()).isEqualTo("Oscar Bank");
    }

    @Test
    void wordsWrittenEntirelyInCyrillicOrGreekAreKept() {
        assertThat(NormalizedText.of("\u041C\u043E\u0441\u043A\u0432\u0430 \u0391\u03B8\u03AE\u03BD\u03B1").text())
                .isEqualTo("\u041C\u043E\u0441\u043A\u0432\u0430 \u0391\u03B8\u03AE\u03BD\u03B1");
    }

    @Test
    void fullwidthFormsAndUnicodeDigitsBecomeAscii() {
        NormalizedText normalized = NormalizedText.of("\uFF14\uFF11\uFF11\uFF11 \u0664\u0661\u0661\u0661 \u0967\u0968 a\uFF20b");

        assertThat(normalized.text()).isEqualTo("4111 4111 12 a@b");
        assertThat(normalized.originalStart(5)).isEqualTo(5);
    }

    @Test
    void dashesOfEveryKindBecomeHyphenMinus() {
        assertThat(NormalizedText.of("123\u201345\u22126789").text()).isEqualTo("123-45-6789");
    }

    @Test
    void loneSurrogatesAreReplacedAndPairsKept() {
        NormalizedText normalized = NormalizedText.of("a\uD800b\uDC00c\uD83D\uDE00");

        assertThat(normalized.text()).isEqualTo("a\uFFFDb\uFFFDc\uD83D\uDE00");
    }

    @Test
    void aLigatureExpandsAndBothLettersMapToIt() {
        NormalizedText normalized = NormalizedText.of("x\uFB01y");

        assertThat(normalized.text()).isEqualTo("xfiy");
        assertThat(normalized.originalStart(1)).isEqualTo(1);
        assertThat(normalized.originalStart(2)).isEqualTo(1);
        assertThat(normalized.originalEnd(2)).isEqualTo(2);
        assertThat(normalized.originalEnd(3)).isEqualTo(2);
    }

    @Test
    void combiningMarksComposeWithTheirBase() {
        NormalizedText normalized = NormalizedText.of("Jose\u0301 1");

        assertThat(normalized.text()).isEqualTo("Jos\u00E9 1");
        assertThat(normalized.originalEnd(4)).isEqualTo(5);
        assertThat(normalized.originalStart(5)).isEqualTo(6);
    }
}
