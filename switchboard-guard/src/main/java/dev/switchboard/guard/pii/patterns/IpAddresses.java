package dev.switchboard.guard.pii.patterns;

/**
 * Parsers for IP address literals (no name lookup ever happens): dotted-quad IPv4 and every
 * RFC 4291 text form of IPv6, including {@code ::} compression, an embedded IPv4 tail and a zone.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** Four decimal octets 0–255 separated by dots, without leading zeros beyond one digit. */
    public static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 literal: eight 16-bit groups, or fewer with one {@code ::}, optionally ending in IPv4. */
    public static boolean isIpv6(String s) {
        int percent = s.indexOf('%');
        String address = percent >= 0 ? s.substring(0, percent) : s;
        if (percent >= 0 && percent == s.length() - 1) {
            return false;
        }
        int compression = address.indexOf("::");
        if (compression >= 0 && address.indexOf("::", compression + 1) >= 0) {
            return false;
        }
        String[] groups = address.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty()) {
                // Empty groups only around the one "::" (and at the ends it touches).
                continue;
            }
            if (i == groups.length - 1 && group.indexOf('.') >= 0) {
                if (!isIpv4(group)) {
                    return false;
                }
                count += 2;
                continue;
            }
            if (group.length() > 4 || !isHex(group)) {
                return false;
            }
            count++;
        }
        if (compression < 0) {
            return count == 8 && noEmpty(groups);
        }
        if (address.startsWith(":") && !address.startsWith("::") || address.endsWith(":") && !address.endsWith("::")) {
            return false;
        }
        return count <= 7;
    }

    private static boolean noEmpty(String[] groups) {
        for (String group : groups) {
            if (group.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
