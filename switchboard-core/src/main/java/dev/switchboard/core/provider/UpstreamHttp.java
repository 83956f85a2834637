package dev.switchboard.core.provider;

import dev.switchboard.core.time.Watchdog;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The HTTP client every HTTP provider shares: one connection pool (keep-alive, HTTP/2 over TLS
 * where the upstream offers it) and one {@link Watchdog} for first-token, idle and total timeouts,
 * which OkHttp's per-read timeouts cannot express. Thread-safe; close it when the gateway stops.
 */
public final class UpstreamHttp implements AutoCloseable {

    private final OkHttpClient base;
    private final Watchdog watchdog;
    private final ConcurrentHashMap<Duration, OkHttpClient> byConnectTimeout = new ConcurrentHashMap<>();

    private UpstreamHttp(OkHttpClient base, Watchdog watchdog) {
        this.base = base;
        this.watchdog = watchdog;
    }

    /** @param watchdog enforces upstream timeouts; shared, and closed by its owner */
    public static UpstreamHttp create(Watchdog watchdog) {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(5))
                // Timeouts after connecting are the watchdog's: OkHttp's read timeout is per read,
                // which cannot tell time-to-first-token from silence between events.
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(true)
                .build();
        return new UpstreamHttp(client, watchdog);
    }

    /** A client sharing the pool, with the given connect timeout ({@code 0}: none). */
    OkHttpClient client(Duration connectTimeout) {
        return byConnectTimeout.computeIfAbsent(connectTimeout,
                timeout -> base.newBuilder().connectTimeout(timeout).build());
    }

    Watchdog watchdog() {
        return watchdog;
    }

    @Override
    public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
