package dev.switchboard.guard.pii.patterns;

import dev.switchboard.guard.pii.Entities;
import dev.switchboard.guard.pii.Recognizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognizers of e-mail addresses, URLs, domain names, IP and MAC addresses. */
final class InternetRecognizers {

    private static final String HOST = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}";
    /** The longest host name DNS allows (RFC 1035), the reach of host patterns around their anchors. */
    private static final int HOST_LENGTH = 253;
    /** The longest local part of an e-mail address (RFC 5321). */
    private static final int LOCAL_PART_LENGTH = 64;
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String HEX = "0123456789ABCDEFabcdef";
    /** What a host name is made of. */
    private static final java.util.function.IntPredicate HOST_CHAR = MatchChars.of(ALNUM + ".-");
    /** What an e-mail address is made of: its local part, the @ and a host name. */
    private static final java.util.function.IntPredicate EMAIL_CHARS = MatchChars.of(ALNUM + "!#$%&'*+/=?^_`{|}~.@-");
    /** {@link #URL_CHARS} as a set: what URLs (scheme, host and path) are made of. */
    private static final java.util.function.IntPredicate URL_CHAR = MatchChars.noneOfNorBlank("<>\"'`{}|\\^[]");
    private static final String URL_CHARS = "[^\\s<>\"'`{}|\\\\^\\[\\]]";

    private InternetRecognizers() {
    }

    /** E-mail addresses whose domain ends in a delegated TLD: 0.5, 1.0 once the TLD is known. */
    static Recognizer email() {
        String local = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}+){0,8}";
        return new PatternRecognizer("email_address", Entities.EMAIL_ADDRESS,
                List.of(PatternRule.anchored("Email (medium)", "(?<![\\w.+-])" + local + "@" + HOST + "(?![A-Za-z0-9-])",
                        Anchors.chars("@"), LOCAL_PART_LENGTH, HOST_LENGTH, EMAIL_CHARS,
                        MatchStart.after(ALNUM + "!#$%&'*+/=?^_`{|}~-", MatchStart.WORD_CHARS + ".+-"), 0.5)),
                Validator.of(match -> TopLevelDomains.endsWithKnown(match.substring(match.indexOf('@') + 1))),
                1.0, Set.of("email", "mail", "e-mail", "address", "contact"));
    }

    /** URLs with a scheme (0.6) or starting with {@code www.} or a domain followed by a path (0.5). */
    static Recognizer url() {
        return new PatternRecognizer("url", Entities.URL, List.of(
                new PatternRule("URL with scheme", trimmedUrls(Pattern.compile("\\b(?i:https?|ftp)://" + URL_CHARS + "{1,2048}"),
                        Anchors.literal("://", false), 5, 2051, URL_CHAR, MatchStart.wordStart("hHfF")), 0.6),
                new PatternRule("URL www", trimmedUrls(Pattern.compile("(?<![\\w.@/-])(?i:www)\\." + HOST + "(?:[/?#]" + URL_CHARS + "{0,2048})?"),
                        Anchors.literal("www.", true), 0, HOST_LENGTH + 2053, URL_CHAR,
                        MatchStart.after("wW", MatchStart.WORD_CHARS + ".@/-")), 0.5),
                new PatternRule("URL domain and path", trimmedUrls(Pattern.compile("(?<![\\w.@/-])" + HOST + "/" + URL_CHARS + "{0,2048}"),
                        Anchors.chars("/"), HOST_LENGTH, 2049, URL_CHAR, MatchStart.after(ALNUM, MatchStart.WORD_CHARS + ".@/-")), 0.5)),
                Validator.rejecting(match -> !TopLevelDomains.endsWithKnown(hostOf(match)) && !IpAddresses.isIpv4(hostOf(match))),
                0.6, Set.of("url", "website", "link", "site", "web", "page", "posted", "visit"));
    }

    /** Bare domain names ending in a delegated TLD written in one case: 0.5. */
    static Recognizer domainName() {
        return new PatternRecognizer("domain_name", Entities.DOMAIN_NAME,
                List.of(PatternRule.anchored("Domain name (medium)", "(?<![\\w.@/:-])" + HOST + "(?![\\w@/-]|\\.\\w)",
                        Anchors.dotInName(), HOST_LENGTH, HOST_LENGTH, HOST_CHAR, MatchStart.after(ALNUM, MatchStart.WORD_CHARS + ".@/:-"), 0.5)),
                Validator.rejecting(match -> !TopLevelDomains.endsWithKnown(match) || !oneCaseTld(match)),
                0.5, Set.of("domain", "website", "site", "hostname", "host", "dns"));
    }

    /** IPv4 (0.6) and IPv6 (0.6) literals that parse as addresses. */
    static Recognizer ipAddress() {
        return new PatternRecognizer("ip_address", Entities.IP_ADDRESS, List.of(
                PatternRule.digits("IPv4", "(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?!\\d|\\.\\d)", ".", 0.6),
                PatternRule.anchored("IPv6", "(?<![\\w:.])[0-9A-Fa-f:]{2,39}(?:(?<=:)(?:\\d{1,3}\\.){3}\\d{1,3})?(?:%[\\w.]{1,16})?(?![\\w:])",
                        Anchors.chars(":"), 75, 75,
                        MatchChars.of(MatchChars.LETTERS + MatchChars.DIGITS + "_:.%"), MatchStart.after(HEX + ":", MatchStart.WORD_CHARS + ":."), 0.6)),
                Validator.rejecting(match -> !(IpAddresses.isIpv4(match) || IpAddresses.isIpv6(match) && hexDigits(match) >= 3)),
                0.6, Set.of("ip", "ipv4", "ipv6", "address", "server", "host"));
    }

    /** MAC addresses with one consistent separator, or Cisco dotted form: 0.6; all zeros rejected. */
    static Recognizer macAddress() {
        return new PatternRecognizer("mac_address", Entities.MAC_ADDRESS, List.of(
                PatternRule.anchored("MAC colon or dash", "\\b[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\1[0-9A-Fa-f]{2}){4}\\b(?![:-]\\w)",
                        Anchors.chars(":-"), 20, 20, MatchChars.of(HEX + ":-"), MatchStart.wordStart(HEX), 0.6),
                PatternRule.anchored("MAC Cisco", "\\b[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\b", Anchors.chars("."), 20, 20,
                        MatchChars.of(HEX + "."), MatchStart.wordStart(HEX), 0.6)),
                Validator.rejecting(match -> Checksums.allSame(match.replaceAll("[:.-]", ""))),
                0.6, Set.of("mac", "address", "hardware", "ethernet", "wifi", "bluetooth", "device", "nic"));
    }

    /** URL candidates without trailing punctuation, and without a closing paren they did not open. */
    private static PatternRule.SpanFinder trimmedUrls(Pattern pattern, Anchors anchors, int before, int after,
                                                      java.util.function.IntPredicate matchChars, MatchStart start) {
        return (text, sink) -> anchors.matches(text, pattern, before, after, matchChars, start, m -> {
                int end = m.end();
                while (end > m.start()) {
                    char last = text.charAt(end - 1);
                    if (".,;:!?'\"".indexOf(last) >= 0
                            || last == ')' && count(text, m.start(), end, '(') < count(text, m.start(), end, ')')) {
                        end--;
                    } else {
                        break;
                    }
                }
                if (end > m.start()) {
                    sink.accept(m.start(), end);
                }
        });
    }

    private static int count(String text, int from, int to, char c) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    static String hostOf(String url) {
        int scheme = url.indexOf("://");
        String rest = scheme >= 0 ? url.substring(scheme + 3) : url;
        int at = rest.indexOf('@');
        int slash = indexOfAny(rest, "/?#");
        if (at >= 0 && (slash < 0 || at < slash)) {
            rest = rest.substring(at + 1);
            slash = indexOfAny(rest, "/?#");
        }
        String host = slash >= 0 ? rest.substring(0, slash) : rest;
        int colon = host.lastIndexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean oneCaseTld(String domain) {
        String tld = domain.substring(domain.lastIndexOf('.') + 1);
        return tld.equals(tld.toLowerCase(Locale.ROOT)) || domain.equals(domain.toUpperCase(Locale.ROOT));
    }

    private static int hexDigits(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && s.charAt(i) != '%'; i++) {
            if (Character.digit(s.charAt(i), 16) >= 0) {
                n++;
            }
        }
        return n;
    }
}
