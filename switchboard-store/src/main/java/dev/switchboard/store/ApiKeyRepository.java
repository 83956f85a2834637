package dev.switchboard.store;

import dev.switchboard.core.tenancy.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * API keys in the store (their hashes; the store never sees a key). Every write also bumps the
 * {@code changes} version in its transaction, so {@link StoreKeySource} sees it. Times are kept
 * to the millisecond. Thread-safe.
 */
public final class ApiKeyRepository {

    private static final String COLUMNS = "id, tenant_id, name, prefix, hash, models, rpm, tpm, max_concurrent, "
            + "budget_nanos, budget_period, expires_at, disabled, metadata, created_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM api_keys";
    private static final String ORDER = " ORDER BY created_at, id";

    private final Database database;

    public ApiKeyRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Stores a new key.
     *
     * @throws AlreadyExistsException when its id or hash is taken (the message never shows the hash)
     * @throws IllegalArgumentException when its tenant does not exist
     */
    public void create(ApiKey key) {
        requireComplete(key);
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_keys (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, key.id());
                    int next = bindFields(insert, 2, key);
                    Columns.setInstant(insert, next++, key.createdAt());
                    Columns.setInstant(insert, next, key.updatedAt());
                    insert.executeUpdate();
                }
                Changes.bump(connection);
                return null;
            });
        } catch (StoreException e) {
            throw refusal(e, key);
        }
    }

    /**
     * Replaces every field of the key with {@code key.id()} except {@code createdAt}; the caller
     * sets {@code updatedAt}.
     *
     * @throws NoSuchElementException when there is no such key
     * @throws AlreadyExistsException when the new hash belongs to another key
     * @throws IllegalArgumentException when the new tenant does not exist
     */
    public void update(ApiKey key) {
        requireComplete(key);
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE api_keys SET tenant_id = ?, "
                        + "name = ?, prefix = ?, hash = ?, models = ?, rpm = ?, tpm = ?, max_concurrent = ?, "
                        + "budget_nanos = ?, budget_period = ?, expires_at = ?, disabled = ?, metadata = ?, "
                        + "updated_at = ? WHERE id = ?")) {
                    int next = bindFields(update, 1, key);
                    Columns.setInstant(update, next++, key.updatedAt());
                    update.setString(next, key.id());
                    if (update.executeUpdate() == 0) {
                        throw new NoSuchElementException("no API key with id '" + key.id() + "'");
                    }
                }
                Changes.bump(connection);
                return null;
            });
        } catch (StoreException e) {
            throw refusal(e, key);
        }
    }

    public Optional<ApiKey> findById(String id) {
        List<ApiKey> found = find("id", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The key with this hash: how the gateway would look up a presented key if it asked the store. */
    public Optional<ApiKey> findByHash(String hash) {
        List<ApiKey> found = find("hash", hash);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Keys whose prefix is {@code prefix}: a list, because prefixes are short and may collide. Oldest first. */
    public List<ApiKey> findByPrefix(String prefix) {
        return find("prefix", prefix);
    }

    /** The keys of one tenant, or of every tenant when {@code tenantIdOrNull} is null. Oldest first. */
    public List<ApiKey> list(String tenantIdOrNull) {
        return tenantIdOrNull == null ? database.withConnection(ApiKeyRepository::listAll) : find("tenant_id", tenantIdOrNull);
    }

    static List<ApiKey> listAll(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + ORDER)) {
            return readAll(select);
        }
    }

    private List<ApiKey> find(String column, String value) {
        Objects.requireNonNull(value, column);
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE " + column + " = ?" + ORDER)) {
                select.setString(1, value);
                return readAll(select);
            }
        });
    }

    private static List<ApiKey> readAll(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<ApiKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(read(rows));
            }
            return keys;
        }
    }

    /** Binds tenant_id through metadata, from {@code index}; returns the next index. */
    private static int bindFields(PreparedStatement statement, int index, ApiKey key) throws SQLException {
        statement.setString(index++, key.tenantId());
        statement.setString(index++, key.name());
        statement.setString(index++, key.prefix());
        statement.setString(index++, key.hash());
        statement.setString(index++, Columns.json(key.models()));
        Columns.setInteger(statement, index++, key.requestsPerMinute());
        Columns.setInteger(statement, index++, key.tokensPerMinute());
        Columns.setInteger(statement, index++, key.maxConcurrent());
        Columns.setLong(statement, index++, key.budgetNanos());
        Columns.setPeriod(statement, index++, key.budgetPeriod());
        Columns.setInstant(statement, index++, key.expiresAt());
        statement.setBoolean(index++, key.disabled());
        statement.setString(index++, Columns.json(key.metadata()));
        return index;
    }

    private static ApiKey read(ResultSet row) throws SQLException {
        return new ApiKey(row.getString("id"), row.getString("tenant_id"), row.getString("name"),
                row.getString("prefix"), row.getString("hash"), Columns.getStringList(row, "models"),
                Columns.getInteger(row, "rpm"), Columns.getInteger(row, "tpm"),
                Columns.getInteger(row, "max_concurrent"), Columns.getLong(row, "budget_nanos"),
                Columns.getPeriod(row, "budget_period"), Columns.getInstant(row, "expires_at"),
                row.getBoolean("disabled"), Columns.getStringMap(row, "metadata"),
                Columns.getInstant(row, "created_at"), Columns.getInstant(row, "updated_at"));
    }

    private RuntimeException refusal(StoreException failure, ApiKey key) {
        if (SqlErrors.isForeignKeyViolation(failure.getCause())) {
            return new IllegalArgumentException("tenant '" + key.tenantId() + "' does not exist");
        }
        if (!SqlErrors.isUniqueViolation(failure.getCause())) {
            return failure;
        }
        boolean hashTaken = findByHash(key.hash()).filter(other -> !other.id().equals(key.id())).isPresent();
        return new AlreadyExistsException(hashTaken
                ? "an API key with the same hash already exists (key '" + key.prefix() + "...')"
                : "API key id '" + key.id() + "' already exists");
    }

    private static void requireComplete(ApiKey key) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(key.id(), "key id");
        Objects.requireNonNull(key.tenantId(), "key tenantId");
        Objects.requireNonNull(key.prefix(), "key prefix");
        Objects.requireNonNull(key.hash(), "key hash");
        Objects.requireNonNull(key.createdAt(), "key createdAt");
        Objects.requireNonNull(key.updatedAt(), "key updatedAt");
    }
}
