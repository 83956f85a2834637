package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keep-alive connections to one address, without any limit on how many are open at once: a request
 * that finds no idle connection opens a new one. Idle connections are reused most-recently-used
 * first. Thread-safe.
 */
final class ConnectionPool {

    private final InetSocketAddress address;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private final LongAdder opened = new LongAdder();

    ConnectionPool(InetSocketAddress address, int connectTimeoutMillis, int readTimeoutMillis) {
        this.address = address;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** An idle connection, or null if there is none. */
    HttpConnection pollIdle() {
        return idle.pollFirst();
    }

    HttpConnection connect() throws IOException {
        HttpConnection connection = HttpConnection.open(address, connectTimeoutMillis, readTimeoutMillis);
        opened.increment();
        open.add(connection);
        return connection;
    }

    /** Returns a connection whose last response was read to its end. */
    void release(HttpConnection connection) {
        idle.offerFirst(connection);
    }

    /** Closes a connection that cannot be reused. */
    void discard(HttpConnection connection) {
        open.remove(connection);
        connection.close();
    }

    /** Connections opened since the pool was made. */
    long connectionsOpened() {
        return opened.sum();
    }

    /** Connections currently open (idle or in use). */
    int connectionsOpen() {
        return open.size();
    }

    /** Closes every connection, in use or not; requests still running on them fail. */
    void closeAll() {
        idle.clear();
        for (HttpConnection c : open) {
            c.close();
        }
        open.clear();
    }
}
