package dev.switchboard.guard.pii;

/**
 * Cyrillic and Greek letters that look like Latin letters, and the Latin letter each looks like
 * (a subset of Unicode's confusables list: the letters used to disguise Latin words).
 */
final class Confusables {

    private static final String FROM =
            // Cyrillic lower, then upper
            "\u0430\u0435\u043E\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u051B\u051D\u04BB\u04CF\u0475\u0491"
            + "\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425\u0406\u0408\u0405\u04AE\u0417\u0474"
            // Greek upper, then lower
            + "\u0391\u0392\u0395\u0396\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A5\u03A7"
            + "\u03BF\u03BD\u03B1\u03B9\u03BA\u03C1\u03C5\u03C7\u03F2\u03F3";
    private static final String TO =
            "aeopcyxijsdqwhlvr"
            + "ABEKMHOPCTXIJSY3V"
            + "ABEZHIKMNOPTYX"
            + "ovaikpuxcj";

    private static final char[] TABLE = new char[0x0530];

    static {
        if (FROM.length() != TO.length()) {
            throw new AssertionError("confusable table is misaligned");
        }
        for (int i = 0; i < FROM.length(); i++) {
            TABLE[FROM.charAt(i)] = TO.charAt(i);
        }
    }

    private Confusables() {
    }

    /** The Latin letter {@code c} looks like, or 0 when it looks like none. */
    static char latin(char c) {
        return c < TABLE.length ? TABLE[c] : 0;
    }
}
