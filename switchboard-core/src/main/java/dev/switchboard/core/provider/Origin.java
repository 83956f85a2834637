package dev.switchboard.core.provider;

import java.net.URI;
import java.util.Locale;

/**
 * Where upstream connections go: scheme, host and port. Connections are pooled per origin.
 *
 * @param secure whether connections use TLS ({@code https})
 * @param host host name or address literal, as in the URL
 * @param port TCP port
 */
record Origin(boolean secure, String host, int port) {

    /**
     * The origin of an absolute http(s) URL.
     *
     * @throws IllegalArgumentException when the URL is not absolute http(s)
     */
    static Origin of(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http:// or https:// URL: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("no host in URL: " + url);
        }
        boolean secure = scheme.equals("https");
        int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
        return new Origin(secure, url.getHost(), port);
    }

    /** The {@code Host} header value. */
    String hostHeader() {
        boolean defaultPort = port == (secure ? 443 : 80);
        return defaultPort ? host : host + ":" + port;
    }

    /** The host name without IPv6 brackets, for DNS and TLS. */
    String hostName() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return (secure ? "https://" : "http://") + hostHeader();
    }
}
