package dev.switchboard.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * How to reach Redis.
 *
 * @param url {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for
 *     TLS; default {@value #DEFAULT_URL}
 * @param timeout the most a request waits on Redis, applied to connecting and to each command;
 *     null means the default, 100 ms
 * @param onFailure what limits do while Redis is unreachable; null means {@link FailurePolicy#LOCAL}
 */
public record RedisSettings(String url, Duration timeout, FailurePolicy onFailure) {

    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

    public RedisSettings {
        if (url == null || url.isBlank()) {
            url = DEFAULT_URL;
        }
        URI uri = parse(url);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("url must look like redis://host:port or rediss://host:port: "
                    + redacted(url));
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        onFailure = onFailure == null ? FailurePolicy.LOCAL : onFailure;
    }

    /** Settings for {@code url} with the default timeout and failure policy. */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, null, null);
    }

    /** {@code host:port} of the server, without credentials, for logs. */
    public String endpoint() {
        URI uri = parse(url);
        return uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 6379);
    }

    URI uri() {
        return parse(url);
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URI: " + redacted(url));
        }
    }

    private static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + redacted(url) + ", timeout=" + timeout + ", onFailure=" + onFailure + "]";
    }
}
