package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.KeyHashes;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.tenancy.ApiKey;
import dev.switchboard.core.tenancy.KeyRing;
import dev.switchboard.core.tenancy.Tenant;
import dev.switchboard.store.AlreadyExistsException;
import dev.switchboard.store.ApiKeyRepository;
import dev.switchboard.store.TenantRepository;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Tenants and virtual keys: the operations behind the admin API and the CLI, with their checks.
 * A new key is returned once, in clear, and stored only as its peppered hash. Thread-safe.
 */
public final class Admin {

    static final String KEY_PREFIX = "sk-sb-";
    static final int SHOWN_PREFIX = 12;

    private static final Set<String> TENANT_FIELDS = Set.of("name", "rpm", "tpm", "max_concurrent", "budget_usd",
            "budget_period", "disabled", "metadata");
    private static final Set<String> KEY_FIELDS = Set.of("tenant", "name", "models", "rpm", "tpm", "max_concurrent",
            "budget_usd", "budget_period", "expires_at", "expires_in", "disabled", "metadata");

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final String pepper;
    private final InstantSource clock;
    private final SecureRandom random;
    private final Runnable changed;

    /** @param changed called after every change, e.g. to reload this replica's key ring at once */
    public Admin(TenantRepository tenants, ApiKeyRepository keys, String pepper, InstantSource clock,
                 SecureRandom random, Runnable changed) {
        this.tenants = tenants;
        this.keys = keys;
        this.pepper = pepper;
        this.clock = clock;
        this.random = random;
        this.changed = changed;
    }

    public ObjectNode createTenant(JsonNode body) {
        Fields fields = new Fields(body).only(TENANT_FIELDS);
        Instant now = clock.instant();
        Long budget = fields.budgetNanos("budget_usd");
        Tenant tenant = new Tenant(newId("ten_"), fields.name("name"), fields.limit("rpm"), fields.limit("tpm"),
                fields.limit("max_concurrent"), budget, period(fields, budget, null), Boolean.TRUE.equals(fields.bool("disabled")),
                fields.metadata("metadata"), now, now);
        try {
            tenants.create(tenant);
        } catch (AlreadyExistsException e) {
            throw conflict("tenant '" + tenant.name() + "' already exists");
        }
        changed.run();
        return json(tenant);
    }

    public ObjectNode updateTenant(String name, JsonNode body) {
        Tenant old = findTenant(name);
        Fields fields = new Fields(body).only(TENANT_FIELDS);
        if (fields.has("name") && !fields.name("name").equals(old.name())) {
            throw Errors.badRequest("name", "a tenant's name cannot change");
        }
        Long budget = fields.has("budget_usd") ? fields.budgetNanos("budget_usd") : old.budgetNanos();
        BudgetPeriod period = fields.has("budget_period") || fields.has("budget_usd")
                ? period(fields, budget, old.budgetPeriod()) : old.budgetPeriod();
        Tenant tenant = new Tenant(old.id(), old.name(),
                fields.has("rpm") ? fields.limit("rpm") : old.requestsPerMinute(),
                fields.has("tpm") ? fields.limit("tpm") : old.tokensPerMinute(),
                fields.has("max_concurrent") ? fields.limit("max_concurrent") : old.maxConcurrent(),
                budget, budget == null ? null : period,
                fields.has("disabled") ? Boolean.TRUE.equals(fields.bool("disabled")) : old.disabled(),
                fields.has("metadata") ? fields.metadata("metadata") : old.metadata(), old.createdAt(), clock.instant());
        tenants.update(tenant);
        changed.run();
        return json(tenant);
    }

    public ObjectNode tenant(String name) {
        return json(findTenant(name));
    }

    public ObjectNode tenants() {
        ArrayNode data = Json.array();
        tenants.list().forEach(tenant -> data.add(json(tenant)));
        return list(data);
    }

    /** Creates a key; the answer holds the key itself, which is never shown again. */
    public ObjectNode createKey(JsonNode body) {
        Fields fields = new Fields(body).only(KEY_FIELDS);
        Tenant tenant = findTenant(fields.name("tenant"));
        Instant now = clock.instant();
        String secret = KeyHashes.generate(KEY_PREFIX, random);
        Long budget = fields.budgetNanos("budget_usd");
        ApiKey key = new ApiKey(newId("key_"), tenant.id(), fields.text("name", 128), secret.substring(0, SHOWN_PREFIX),
                KeyRing.hash(pepper, secret), fields.globs("models"), fields.limit("rpm"), fields.limit("tpm"),
                fields.limit("max_concurrent"), budget, period(fields, budget, null), fields.expiry("expires_at", "expires_in", now),
                Boolean.TRUE.equals(fields.bool("disabled")), fields.metadata("metadata"), now, now);
        keys.create(key);
        changed.run();
        ObjectNode created = json(key, tenant);
        created.put("key", secret);
        return created;
    }

    public ObjectNode updateKey(String idOrPrefix, JsonNode body) {
        ApiKey old = findKey(idOrPrefix);
        Fields fields = new Fields(body).only(KEY_FIELDS);
        if (fields.has("tenant")) {
            throw Errors.badRequest("tenant", "a key cannot move to another tenant; create a new key there");
        }
        Long budget = fields.has("budget_usd") ? fields.budgetNanos("budget_usd") : old.budgetNanos();
        BudgetPeriod period = fields.has("budget_period") || fields.has("budget_usd")
                ? period(fields, budget, old.budgetPeriod()) : old.budgetPeriod();
        Instant now = clock.instant();
        ApiKey key = new ApiKey(old.id(), old.tenantId(), fields.has("name") ? fields.text("name", 128) : old.name(),
                old.prefix(), old.hash(), fields.has("models") ? fields.globs("models") : old.models(),
                fields.has("rpm") ? fields.limit("rpm") : old.requestsPerMinute(),
                fields.has("tpm") ? fields.limit("tpm") : old.tokensPerMinute(),
                fields.has("max_concurrent") ? fields.limit("max_concurrent") : old.maxConcurrent(),
                budget, budget == null ? null : period,
                fields.has("expires_at") || fields.has("expires_in") ? fields.expiry("expires_at", "expires_in", now)
                        : old.expiresAt(),
                fields.has("disabled") ? Boolean.TRUE.equals(fields.bool("disabled")) : old.disabled(),
                fields.has("metadata") ? fields.metadata("metadata") : old.metadata(), old.createdAt(), now);
        keys.update(key);
        changed.run();
        return json(key, tenants.findById(key.tenantId()).orElse(null));
    }

    public ObjectNode key(String idOrPrefix) {
        ApiKey key = findKey(idOrPrefix);
        return json(key, tenants.findById(key.tenantId()).orElse(null));
    }

    /** Keys of one tenant, or of all when {@code tenantName} is null. */
    public ObjectNode keys(String tenantName) {
        Tenant only = tenantName == null ? null : findTenant(tenantName);
        List<Tenant> all = tenants.list();
        ArrayNode data = Json.array();
        for (ApiKey key : keys.list(only == null ? null : only.id())) {
            data.add(json(key, all.stream().filter(t -> t.id().equals(key.tenantId())).findFirst().orElse(null)));
        }
        return list(data);
    }

    Tenant findTenant(String name) {
        return tenants.findByName(name).orElseThrow(() -> Fields.notFound("tenant", name));
    }

    /** A key by its id ({@code key_...}) or by its prefix ({@code sk-sb-AbC...}, unique). */
    ApiKey findKey(String idOrPrefix) {
        if (!idOrPrefix.startsWith(KEY_PREFIX)) {
            return keys.findById(idOrPrefix).orElseThrow(() -> Fields.notFound("key", idOrPrefix));
        }
        List<ApiKey> found = keys.findByPrefix(idOrPrefix.substring(0, Math.min(idOrPrefix.length(), SHOWN_PREFIX)));
        if (found.isEmpty()) {
            throw Fields.notFound("key", idOrPrefix);
        }
        if (found.size() > 1) {
            throw Errors.badRequest(null, "prefix '" + idOrPrefix + "' matches " + found.size() + " keys; use the key id");
        }
        return found.get(0);
    }

    /** The budget period asked for, else {@code current} (on an update), else a month. */
    private static BudgetPeriod period(Fields fields, Long budget, BudgetPeriod current) {
        BudgetPeriod period = fields.period("budget_period");
        if (budget == null) {
            if (period != null) {
                throw Errors.badRequest("budget_period", "'budget_period' needs a 'budget_usd'");
            }
            return null;
        }
        return period != null ? period : current != null ? current : BudgetPeriod.MONTH;
    }

    private String newId(String prefix) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    static ObjectNode json(Tenant tenant) {
        ObjectNode json = Json.object();
        json.put("id", tenant.id());
        json.put("object", "tenant");
        json.put("name", tenant.name());
        limits(json, tenant.requestsPerMinute(), tenant.tokensPerMinute(), tenant.maxConcurrent(), tenant.budgetNanos(),
                tenant.budgetPeriod());
        json.put("disabled", tenant.disabled());
        json.set("metadata", Json.MAPPER.valueToTree(tenant.metadata()));
        json.put("created_at", tenant.createdAt().toString());
        json.put("updated_at", tenant.updatedAt().toString());
        return json;
    }

    static ObjectNode json(ApiKey key, Tenant tenant) {
        ObjectNode json = Json.object();
        json.put("id", key.id());
        json.put("object", "api_key");
        json.put("tenant", tenant != null ? tenant.name() : null);
        json.put("name", key.name());
        json.put("prefix", key.prefix());
        json.set("models", Json.MAPPER.valueToTree(key.models()));
        limits(json, key.requestsPerMinute(), key.tokensPerMinute(), key.maxConcurrent(), key.budgetNanos(),
                key.budgetPeriod());
        json.put("expires_at", key.expiresAt() != null ? key.expiresAt().toString() : null);
        json.put("disabled", key.disabled());
        json.set("metadata", Json.MAPPER.valueToTree(key.metadata()));
        json.put("created_at", key.createdAt().toString());
        json.put("updated_at", key.updatedAt().toString());
        return json;
    }

    private static void limits(ObjectNode json, Integer rpm, Integer tpm, Integer maxConcurrent, Long budgetNanos,
                               BudgetPeriod period) {
        json.put("rpm", rpm);
        json.put("tpm", tpm);
        json.put("max_concurrent", maxConcurrent);
        json.put("budget_usd", budgetNanos == null ? null : dollars(budgetNanos));
        json.put("budget_period", period == null ? null : period.label());
    }

    static BigDecimal dollars(long nanos) {
        BigDecimal dollars = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
        return dollars.scale() < 0 ? dollars.setScale(0) : dollars;
    }

    private static ObjectNode list(ArrayNode data) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        list.set("data", data);
        return list;
    }

    private static ApiException conflict(String message) {
        return new ApiException(new ApiError(409, "invalid_request_error", "already_exists", "name", message));
    }
}
