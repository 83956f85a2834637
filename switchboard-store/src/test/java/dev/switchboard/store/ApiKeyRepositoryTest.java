package dev.switchboard.store;

import static dev.switchboard.store.Fixtures.CREATED;
import static dev.switchboard.store.Fixtures.bareKey;
import static dev.switchboard.store.Fixtures.bareTenant;
import static dev.switchboard.store.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.tenancy.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiKeyRepositoryTest {

    @RegisterExtension
    final Stores stores = new Stores();

    private ApiKeyRepository keysWithTenants(Dialect dialect, String... tenantIds) {
        Database database = stores.open(dialect);
        TenantRepository tenants = new TenantRepository(database);
        for (String id : tenantIds) {
            tenants.create(bareTenant(id, "name-of-" + id));
        }
        return new ApiKeyRepository(database);
    }

    @OnEveryDialect
    void roundTripsEveryField(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1");
        ApiKey key = key("key_1", "ten_1", "sk-sb-AbC1xY", "9f86d081884c7d65");

        keys.create(key);

        ApiKey read = keys.findById("key_1").orElseThrow();
        assertThat(read).isEqualTo(key);
        assertThat(read.models()).containsExactly("chat*", "text-embedding-3-small");
        assertThat(read.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.001Z"));
        assertThat(read.budgetPeriod()).isEqualTo(BudgetPeriod.DAY);
        assertThat(keys.findByHash("9f86d081884c7d65")).contains(key);
    }

    @OnEveryDialect
    void roundTripsNullsAndEmptyModels(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1");
        ApiKey bare = bareKey("key_1", "ten_1", "sk-sb-AbC1xY", "hash-1");

        keys.create(bare);

        ApiKey read = keys.findById("key_1").orElseThrow();
        assertThat(read).isEqualTo(bare);
        assertThat(read.name()).isNull();
        assertThat(read.expiresAt()).isNull();
        assertThat(read.models()).isEmpty();
        assertThat(read.metadata()).isEmpty();
    }

    @OnEveryDialect
    void refusesASecondKeyWithTheSameHashWithoutShowingTheHash(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1");
        keys.create(bareKey("key_1", "ten_1", "sk-sb-AAAA", "secret-hash"));

        assertThatThrownBy(() -> keys.create(bareKey("key_2", "ten_1", "sk-sb-AAAA", "secret-hash")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("an API key with the same hash already exists")
                .hasMessageNotContaining("secret-hash");
    }

    @OnEveryDialect
    void refusesASecondKeyWithTheSameId(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1");
        keys.create(bareKey("key_1", "ten_1", "sk-sb-AAAA", "hash-1"));

        assertThatThrownBy(() -> keys.create(bareKey("key_1", "ten_1", "sk-sb-BBBB", "hash-2")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("API key id 'key_1' already exists");
    }

    @OnEveryDialect
    void refusesAKeyForATenantThatDoesNotExist(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1");

        assertThatThrownBy(() -> keys.create(bareKey("key_1", "ten_404", "sk-sb-AAAA", "hash-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tenant 'ten_404' does not exist");
        assertThat(keys.list(null)).isEmpty();
    }

    @OnEveryDialect
    void findsEveryKeyWhosePrefixCollides(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1", "ten_2");
        keys.create(bareKey("key_1", "ten_1", "sk-sb-AAAA", "hash-1"));
        keys.create(bareKey("key_2", "ten_2", "sk-sb-AAAA", "hash-2"));
        keys.create(bareKey("key_3", "ten_1", "sk-sb-BBBB", "hash-3"));

        assertThat(keys.findByPrefix("sk-sb-AAAA")).extracting(ApiKey::id).containsExactly("key_1", "key_2");
        assertThat(keys.findByPrefix("sk-sb-CCCC")).isEmpty();
    }

    @OnEveryDialect
    void listsTheKeysOfOneTenantOrOfAllOldestFirst(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1", "ten_2");
        keys.create(withCreatedAt(bareKey("key_b", "ten_1", "sk-sb-AAAA", "hash-1"), CREATED.plusSeconds(2)));
        keys.create(withCreatedAt(bareKey("key_a", "ten_2", "sk-sb-BBBB", "hash-2"), CREATED.plusSeconds(1)));
        keys.create(withCreatedAt(bareKey("key_c", "ten_1", "sk-sb-CCCC", "hash-3"), CREATED.plusSeconds(3)));

        assertThat(keys.list("ten_1")).extracting(ApiKey::id).containsExactly("key_b", "key_c");
        assertThat(keys.list("ten_2")).extracting(ApiKey::id).containsExactly("key_a");
        assertThat(keys.list(null)).extracting(ApiKey::id).containsExactly("key_a", "key_b", "key_c");
        assertThat(keys.list("ten_404")).isEmpty();
    }

    @OnEveryDialect
    void updateReplacesEveryFieldButCreatedAt(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1", "ten_2");
        keys.create(key("key_1", "ten_1", "sk-sb-AAAA", "hash-1"));
        Instant later = Instant.parse("2025-07-01T12:00:00.001Z");
        ApiKey changed = new ApiKey("key_1", "ten_2", "renamed", "sk-sb-BBBB", "hash-2", List.of("embed*"), null, 1,
                null, null, null, null, false, Map.of("rotated", "yes"), Instant.EPOCH, later);

        keys.update(changed);

        assertThat(keys.findById("key_1")).contains(new ApiKey("key_1", "ten_2", "renamed", "sk-sb-BBBB", "hash-2",
                List.of("embed*"), null, 1, null, null, null, null, false, Map.of("rotated", "yes"), CREATED, later));
        assertThat(keys.findByHash("hash-1")).isEmpty();
    }

    @OnEveryDialect
    void refusesToUpdateAKeyThatDoesNotExist(Dialect dialect) {
        ApiKeyRepository keys = keysWithTenants(dialect, "ten_1");

        assertThatThrownBy(() -> keys.update(bareKey("key_404", "ten_1", "sk-sb-AAAA", "hash-1")))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no API key with id 'key_404'");
    }

    private static ApiKey withCreatedAt(ApiKey key, Instant createdAt) {
        return new ApiKey(key.id(), key.tenantId(), key.name(), key.prefix(), key.hash(), key.models(),
                key.requestsPerMinute(), key.tokensPerMinute(), key.maxConcurrent(), key.budgetNanos(),
                key.budgetPeriod(), key.expiresAt(), key.disabled(), key.metadata(), createdAt, createdAt);
    }
}
