package dev.switchboard.store;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Reads what kind of failure a driver reported, the same way for SQLite and PostgreSQL. */
final class SqlErrors {

    private static final String PG_UNIQUE_VIOLATION = "23505";
    private static final String PG_FOREIGN_KEY_VIOLATION = "23503";

    private SqlErrors() {
    }

    /** A unique or primary-key constraint refused the row. */
    static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof SQLException e && (PG_UNIQUE_VIOLATION.equals(e.getSQLState())
                || sqliteCode(e) == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || sqliteCode(e) == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    /** A foreign key refused the row (e.g. a key for a tenant that does not exist). */
    static boolean isForeignKeyViolation(Throwable failure) {
        return failure instanceof SQLException e && (PG_FOREIGN_KEY_VIOLATION.equals(e.getSQLState())
                || sqliteCode(e) == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY);
    }

    /**
     * One line saying what went wrong, safe to log: the driver's first line and the SQLState. For a
     * batch it describes the underlying error, because pgjdbc's batch message quotes the statement
     * with its values.
     */
    static String describe(SQLException failure) {
        SQLException cause = failure;
        if (failure instanceof BatchUpdateException && failure.getNextException() != null) {
            cause = failure.getNextException();
        }
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return cause.getSQLState() == null ? message.strip() : message.strip() + " (SQLState " + cause.getSQLState() + ")";
    }

    private static SQLiteErrorCode sqliteCode(SQLException failure) {
        return failure instanceof SQLiteException sqlite ? sqlite.getResultCode() : null;
    }
}
