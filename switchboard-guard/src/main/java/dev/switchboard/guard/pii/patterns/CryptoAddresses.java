package dev.switchboard.guard.pii.patterns;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bitcoin address checks: legacy and P2SH addresses (Base58Check: version byte, payload, and the
 * first four bytes of a double SHA-256 as checksum) and SegWit addresses (Bech32 for version 0,
 * Bech32m for later versions, BIP 173 and BIP 350).
 */
public final class CryptoAddresses {

    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32_CONST = 1;
    private static final int BECH32M_CONST = 0x2bc830a3;

    private CryptoAddresses() {
    }

    /** A legacy (1…) or script (3…) address whose Base58Check checksum holds. */
    public static boolean isBase58Check(String address) {
        if (address.length() < 26 || address.length() > 35) {
            return false;
        }
        BigInteger value = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(58);
        int leadingZeros = 0;
        boolean leading = true;
        for (int i = 0; i < address.length(); i++) {
            int digit = BASE58.indexOf(address.charAt(i));
            if (digit < 0) {
                return false;
            }
            if (leading && digit == 0) {
                leadingZeros++;
            } else {
                leading = false;
            }
            value = value.multiply(base).add(BigInteger.valueOf(digit));
        }
        byte[] raw = value.toByteArray();
        int skip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
        byte[] decoded = new byte[leadingZeros + raw.length - skip];
        System.arraycopy(raw, skip, decoded, leadingZeros, raw.length - skip);
        if (decoded.length != 25) {
            return false;
        }
        byte[] payload = Arrays.copyOfRange(decoded, 0, 21);
        byte[] hash = sha256(sha256(payload));
        return Arrays.equals(Arrays.copyOfRange(hash, 0, 4), Arrays.copyOfRange(decoded, 21, 25));
    }

    /** A {@code bc1…} address (any case, not mixed) whose Bech32/Bech32m checksum holds for its version. */
    public static boolean isSegwit(String address) {
        if (address.length() < 14 || address.length() > 90) {
            return false;
        }
        if (!address.equals(address.toLowerCase(Locale.ROOT)) && !address.equals(address.toUpperCase(Locale.ROOT))) {
            return false;
        }
        String lower = address.toLowerCase(Locale.ROOT);
        int separator = lower.lastIndexOf('1');
        if (separator < 1 || lower.length() - separator < 7) {
            return false;
        }
        String hrp = lower.substring(0, separator);
        if (!hrp.equals("bc") && !hrp.equals("tb")) {
            return false;
        }
        int[] data = new int[lower.length() - separator - 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = BECH32.indexOf(lower.charAt(separator + 1 + i));
            if (data[i] < 0) {
                return false;
            }
        }
        int polymod = polymod(hrp, data);
        int version = data[0];
        if (version > 16) {
            return false;
        }
        return version == 0 ? polymod == BECH32_CONST : polymod == BECH32M_CONST;
    }

    private static int polymod(String hrp, int[] data) {
        int[] generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        int[] expanded = new int[hrp.length() * 2 + 1 + data.length];
        for (int i = 0; i < hrp.length(); i++) {
            expanded[i] = hrp.charAt(i) >> 5;
            expanded[i + hrp.length() + 1] = hrp.charAt(i) & 31;
        }
        System.arraycopy(data, 0, expanded, hrp.length() * 2 + 1, data.length);
        for (int value : expanded) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ value;
            for (int i = 0; i < 5; i++) {
                if ((top >>> i & 1) == 1) {
                    chk ^= generator[i];
                }
            }
        }
        return chk;
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
