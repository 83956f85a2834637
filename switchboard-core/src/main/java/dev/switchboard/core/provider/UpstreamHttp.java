package dev.switchboard.core.provider;

import dev.switchboard.core.pipeline.UpstreamWait;
import dev.switchboard.core.time.Watchdog;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 client every HTTP provider shares: keep-alive connections pooled per origin, most
 * recently used first (taking one is O(1), however many are open), TLS with host name
 * verification, and one {@link Watchdog} for first-token, idle and total timeouts. Requests are
 * written with one write and small bodies read into arrays of their exact size; cancelling a call
 * closes its socket at once. HTTP/2 and proxies are not supported: LLM servers (vLLM, TGI, Ollama)
 * and hosted APIs (OpenAI, Azure) all serve HTTP/1.1. Thread-safe; close it when the gateway stops.
 */
public final class UpstreamHttp implements AutoCloseable {

    /** Longest a connection stays in the pool unused, unless the server's Keep-Alive header says less. */
    static final Duration MAX_IDLE = Duration.ofSeconds(30);
    /** Most idle connections kept per origin; enough for thousands of requests a second. */
    static final int MAX_IDLE_PER_ORIGIN = 64;

    private final Watchdog watchdog;
    private final ConcurrentHashMap<Origin, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final Thread janitor;

    private UpstreamHttp(Watchdog watchdog) {
        this.watchdog = watchdog;
        this.janitor = Thread.ofVirtual().name("switchboard-upstream-janitor").start(this::evictLoop);
    }

    /** @param watchdog enforces upstream timeouts; shared, and closed by its owner */
    public static UpstreamHttp create(Watchdog watchdog) {
        return new UpstreamHttp(watchdog);
    }

    /**
     * A call of {@code request} (head and body, as one array) to {@code origin}; nothing is sent
     * yet. Its time connecting and blocked on the response is added to {@code wait}.
     */
    HttpCall newCall(Origin origin, byte[] request, UpstreamWait wait) {
        return new HttpCall(this, origin, request, wait);
    }

    ConnectionPool pool(Origin origin) {
        ConnectionPool pool = pools.get(origin);
        return pool != null ? pool : pools.computeIfAbsent(origin, o -> new ConnectionPool(MAX_IDLE_PER_ORIGIN));
    }

    Watchdog watchdog() {
        return watchdog;
    }

    long now() {
        return watchdog.ticker().read();
    }

    long maxIdleNanos() {
        return MAX_IDLE.toNanos();
    }

    /** The JVM's default TLS setup (its trust store, {@code javax.net.ssl.*} properties). */
    SSLSocketFactory tlsSocketFactory() throws IOException {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS support in this JVM", e);
        }
    }

    /** Idle connections kept for {@code origin}, for tests. */
    int idleConnections(Origin origin) {
        ConnectionPool pool = pools.get(origin);
        return pool == null ? 0 : pool.idleCount();
    }

    private void evictLoop() {
        while (true) {
            try {
                Thread.sleep(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                return;
            }
            long now = now();
            pools.values().forEach(pool -> pool.evictExpired(now));
        }
    }

    @Override
    public void close() {
        janitor.interrupt();
        pools.values().forEach(ConnectionPool::closeAll);
    }
}
