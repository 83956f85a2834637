package dev.switchboard.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code size} JDBC connections, opened on first need and reused most-recently-used first
 * (so idle ones beyond the load go quiet). A connection that sat idle for longer than a second is
 * checked before it is handed out, and one that may be broken is closed on release instead of
 * returned, so a database restart costs no failed work once it is back. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {

    /** Opens one new connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /** Idle for longer than this, a connection is checked before use (the server may have dropped it). */
    static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);
    private static final int VALIDITY_CHECK_SECONDS = 2;

    private final Opener opener;
    private final int size;
    private final Duration borrowTimeout;
    private final Ticker ticker;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(Opener opener, int size, Duration borrowTimeout, Ticker ticker) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1: " + size);
        }
        this.opener = opener;
        this.size = size;
        this.borrowTimeout = borrowTimeout;
        this.ticker = ticker;
        this.permits = new Semaphore(size, true);
    }

    /**
     * A connection for the caller alone until it {@link #release}s it; blocks while all are in use.
     *
     * @throws SQLTransientConnectionException when none is free within the borrow timeout
     * @throws SQLException when a new connection cannot be opened
     */
    Connection borrow() throws SQLException {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("no database connection free after "
                        + borrowTimeout.toSeconds() + " s (pool of " + size + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
        }
        for (Idle candidate; (candidate = idle.pollFirst()) != null; ) {
            if (ticker.read() - candidate.since() < CHECK_AFTER_IDLE.toNanos() || isValid(candidate.connection())) {
                return candidate.connection();
            }
            closeQuietly(candidate.connection());
        }
        try {
            return opener.open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives a borrowed connection back; {@code reusable} false closes it (it may be broken). */
    void release(Connection connection, boolean reusable) {
        if (reusable && !closed) {
            idle.addFirst(new Idle(connection, ticker.read()));
        } else {
            closeQuietly(connection);
        }
        permits.release();
        if (closed) {
            closeIdle();
        }
    }

    /** Closes idle connections now and borrowed ones as they come back. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Idle candidate; (candidate = idle.pollFirst()) != null; ) {
            closeQuietly(candidate.connection());
        }
    }

    private static boolean isValid(Connection connection) {
        try {
            return connection.isValid(VALIDITY_CHECK_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it is being thrown away; nothing useful to do with a failure to say goodbye
        }
    }

    private record Idle(Connection connection, long since) {
    }
}
