package dev.switchboard.guard.pii.patterns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The top-level domains IANA delegates (the root zone list, embedded as a resource), so that
 * {@code name@example.com} is an address and {@code file.txt} is not a domain.
 */
public final class TopLevelDomains {

    private static final Set<String> TLDS = load();

    private TopLevelDomains() {
    }

    /** True when {@code tld} (any case, without the dot) is a delegated top-level domain. */
    public static boolean isKnown(String tld) {
        return TLDS.contains(tld.toLowerCase(Locale.ROOT));
    }

    /** True when the last label of {@code hostname} is a delegated top-level domain. */
    public static boolean endsWithKnown(String hostname) {
        String host = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
        int dot = host.lastIndexOf('.');
        return dot > 0 && isKnown(host.substring(dot + 1));
    }

    private static Set<String> load() {
        String resource = "iana-tlds.txt";
        try (InputStream in = TopLevelDomains.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Set<String> tlds = new HashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    tlds.add(line.toLowerCase(Locale.ROOT));
                }
            }
            return Set.copyOf(tlds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
