package dev.switchboard.core.provider;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Idle keep-alive connections to one origin, most recently used first, so that a busy origin
 * keeps reusing a few warm connections and the rest age out. Taking and giving back are O(1).
 * Thread-safe.
 */
final class ConnectionPool {

    private final int maxIdle;
    private final ArrayDeque<HttpConnection> idle = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();

    ConnectionPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** A reusable idle connection, or null. */
    HttpConnection take(long now) {
        List<HttpConnection> expired = null;
        HttpConnection found = null;
        lock.lock();
        try {
            for (HttpConnection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
                if (now - c.idleSince < c.maxIdleNanos && !c.isClosed() && !c.in.hasBuffered()) {
                    found = c;
                    break;
                }
                (expired == null ? expired = new ArrayList<>(2) : expired).add(c);
            }
        } finally {
            lock.unlock();
        }
        if (expired != null) {
            expired.forEach(HttpConnection::close);
        }
        return found;
    }

    /** Takes back a connection whose last response was read completely. */
    void give(HttpConnection connection, long now) {
        connection.idleSince = now;
        HttpConnection overflow = null;
        lock.lock();
        try {
            idle.offerFirst(connection);
            if (idle.size() > maxIdle) {
                overflow = idle.pollLast();
            }
        } finally {
            lock.unlock();
        }
        if (overflow != null) {
            overflow.close();
        }
    }

    /** Closes connections idle for longer than they may be. */
    void evictExpired(long now) {
        List<HttpConnection> expired = new ArrayList<>();
        lock.lock();
        try {
            // the least recently used are at the end
            for (HttpConnection c = idle.peekLast(); c != null && now - c.idleSince >= c.maxIdleNanos; c = idle.peekLast()) {
                expired.add(idle.pollLast());
            }
        } finally {
            lock.unlock();
        }
        expired.forEach(HttpConnection::close);
    }

    void closeAll() {
        List<HttpConnection> all;
        lock.lock();
        try {
            all = new ArrayList<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(HttpConnection::close);
    }

    int idleCount() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }
}
