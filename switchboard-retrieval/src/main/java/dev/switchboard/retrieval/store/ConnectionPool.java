package dev.switchboard.retrieval.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;

/**
 * A few reusable JDBC connections: at most {@code size} in use at once, idle ones kept. A
 * connection that failed is closed rather than returned. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {

    /** Work done with one connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final String url;
    private final String user;
    private final String password;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private volatile boolean closed;

    ConnectionPool(String url, String user, String password, int size) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.permits = new Semaphore(size, true);
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    <T> T with(Work<T> work) throws SQLException {
        permits.acquireUninterruptibly();
        Connection connection = null;
        boolean ok = false;
        try {
            connection = take();
            T result = work.apply(connection);
            ok = true;
            return result;
        } finally {
            give(connection, ok);
            permits.release();
        }
    }

    /** Runs {@code work} in one transaction, rolled back if it throws. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        return with(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private Connection take() throws SQLException {
        synchronized (idle) {
            if (closed) {
                throw new SQLException("the retrieval store is closed");
            }
            Connection pooled = idle.pollFirst();
            if (pooled != null) {
                return pooled;
            }
        }
        return DriverManager.getConnection(url, user, password);
    }

    private void give(Connection connection, boolean ok) {
        if (connection == null) {
            return;
        }
        synchronized (idle) {
            if (ok && !closed) {
                idle.addFirst(connection);
                return;
            }
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // a broken connection being discarded
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            for (Connection connection : idle) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
            idle.clear();
        }
    }
}
