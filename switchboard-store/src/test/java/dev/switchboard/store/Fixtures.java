package dev.switchboard.store;

import dev.switchboard.core.accounting.UsageRecord;
import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.tenancy.ApiKey;
import dev.switchboard.core.tenancy.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Test data with every field set (times to the millisecond, as the store keeps them), and a bounded wait. */
final class Fixtures {

    static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123Z");
    static final Instant UPDATED = Instant.parse("2025-03-02T08:00:00.456Z");

    private Fixtures() {
    }

    static Tenant tenant(String id, String name) {
        return new Tenant(id, name, 600, 90_000, 12, 25_000_000_000L, BudgetPeriod.MONTH, true,
                Map.of("team", "search", "cost-center", "4711"), CREATED, UPDATED);
    }

    static Tenant bareTenant(String id, String name) {
        return new Tenant(id, name, null, null, null, null, null, false, null, CREATED, CREATED);
    }

    static ApiKey key(String id, String tenantId, String prefix, String hash) {
        return new ApiKey(id, tenantId, "ci pipeline", prefix, hash, List.of("chat*", "text-embedding-3-small"),
                60, 10_000, 4, 1_500_000_000L, BudgetPeriod.DAY, Instant.parse("2026-01-01T00:00:00.001Z"), true,
                Map.of("owner", "ana@example.com"), CREATED, UPDATED);
    }

    static ApiKey bareKey(String id, String tenantId, String prefix, String hash) {
        return new ApiKey(id, tenantId, null, prefix, hash, null, null, null, null, null, null, null, false, null,
                CREATED, CREATED);
    }

    static UsageRecord usage(String id, Instant at, String tenantId, String keyId, String model, long input,
                             long cachedInput, long output, long reasoning, long costNanos, boolean estimated) {
        return new UsageRecord(id, "req-" + id, at, tenantId, keyId, model, "east", model + "-2025", 200, input,
                cachedInput, output, reasoning, costNanos, estimated, true);
    }

    static UsageRecord usage(String id) {
        return usage(id, CREATED, "ten_a", "key_a", "chat", 10, 0, 5, 0, 1_000, false);
    }

    /** Waits until {@code condition} holds, failing after {@code max}: for work done by background threads. */
    static void awaitUntil(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + max + " waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
