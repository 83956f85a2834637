package dev.switchboard.store;

import dev.switchboard.core.tenancy.Tenant;
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
 * Tenants in the store. Every write also bumps the {@code changes} version in its transaction, so
 * {@link StoreKeySource} sees it. Times are kept to the millisecond. Thread-safe.
 */
public final class TenantRepository {

    private static final String COLUMNS =
            "id, name, rpm, tpm, max_concurrent, budget_nanos, budget_period, disabled, metadata, created_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM tenants";

    private final Database database;

    public TenantRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Stores a new tenant.
     *
     * @throws AlreadyExistsException when its name or id is taken: {@code tenant 'acme' already exists}
     */
    public void create(Tenant tenant) {
        requireComplete(tenant);
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO tenants (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, tenant.id());
                    int next = bindFields(insert, 2, tenant);
                    Columns.setInstant(insert, next++, tenant.createdAt());
                    Columns.setInstant(insert, next, tenant.updatedAt());
                    insert.executeUpdate();
                }
                Changes.bump(connection);
                return null;
            });
        } catch (StoreException e) {
            throw duplicateOr(e, tenant);
        }
    }

    /**
     * Replaces every field of the tenant with {@code tenant.id()} except {@code createdAt}; the
     * caller sets {@code updatedAt}.
     *
     * @throws NoSuchElementException when there is no such tenant
     * @throws AlreadyExistsException when the new name belongs to another tenant
     */
    public void update(Tenant tenant) {
        requireComplete(tenant);
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE tenants SET name = ?, rpm = ?, tpm = ?, "
                        + "max_concurrent = ?, budget_nanos = ?, budget_period = ?, disabled = ?, metadata = ?, "
                        + "updated_at = ? WHERE id = ?")) {
                    int next = bindFields(update, 1, tenant);
                    Columns.setInstant(update, next++, tenant.updatedAt());
                    update.setString(next, tenant.id());
                    if (update.executeUpdate() == 0) {
                        throw new NoSuchElementException("no tenant with id '" + tenant.id() + "'");
                    }
                }
                Changes.bump(connection);
                return null;
            });
        } catch (StoreException e) {
            throw duplicateOr(e, tenant);
        }
    }

    public Optional<Tenant> findById(String id) {
        return findOne("id", id);
    }

    public Optional<Tenant> findByName(String name) {
        return findOne("name", name);
    }

    /** Every tenant, by name. */
    public List<Tenant> list() {
        return database.withConnection(TenantRepository::listAll);
    }

    static List<Tenant> listAll(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY name");
             ResultSet rows = select.executeQuery()) {
            List<Tenant> tenants = new ArrayList<>();
            while (rows.next()) {
                tenants.add(read(rows));
            }
            return tenants;
        }
    }

    private Optional<Tenant> findOne(String column, String value) {
        Objects.requireNonNull(value, column);
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE " + column + " = ?")) {
                select.setString(1, value);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    /** Binds name through metadata, from {@code index}; returns the next index. */
    private static int bindFields(PreparedStatement statement, int index, Tenant tenant) throws SQLException {
        statement.setString(index++, tenant.name());
        Columns.setInteger(statement, index++, tenant.requestsPerMinute());
        Columns.setInteger(statement, index++, tenant.tokensPerMinute());
        Columns.setInteger(statement, index++, tenant.maxConcurrent());
        Columns.setLong(statement, index++, tenant.budgetNanos());
        Columns.setPeriod(statement, index++, tenant.budgetPeriod());
        statement.setBoolean(index++, tenant.disabled());
        statement.setString(index++, Columns.json(tenant.metadata()));
        return index;
    }

    private static Tenant read(ResultSet row) throws SQLException {
        return new Tenant(row.getString("id"), row.getString("name"), Columns.getInteger(row, "rpm"),
                Columns.getInteger(row, "tpm"), Columns.getInteger(row, "max_concurrent"),
                Columns.getLong(row, "budget_nanos"), Columns.getPeriod(row, "budget_period"),
                row.getBoolean("disabled"), Columns.getStringMap(row, "metadata"),
                Columns.getInstant(row, "created_at"), Columns.getInstant(row, "updated_at"));
    }

    private RuntimeException duplicateOr(StoreException failure, Tenant tenant) {
        if (!SqlErrors.isUniqueViolation(failure.getCause())) {
            return failure;
        }
        boolean nameTaken = findByName(tenant.name()).filter(other -> !other.id().equals(tenant.id())).isPresent();
        return new AlreadyExistsException(nameTaken
                ? "tenant '" + tenant.name() + "' already exists"
                : "tenant id '" + tenant.id() + "' already exists");
    }

    private static void requireComplete(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(tenant.id(), "tenant id");
        Objects.requireNonNull(tenant.name(), "tenant name");
        Objects.requireNonNull(tenant.createdAt(), "tenant createdAt");
        Objects.requireNonNull(tenant.updatedAt(), "tenant updatedAt");
    }
}
