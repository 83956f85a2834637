package dev.switchboard.store;

import static dev.switchboard.store.Fixtures.CREATED;
import static dev.switchboard.store.Fixtures.bareKey;
import static dev.switchboard.store.Fixtures.bareTenant;
import static dev.switchboard.store.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.tenancy.Tenant;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.extension.RegisterExtension;

class TenantRepositoryTest {

    @RegisterExtension
    final Stores stores = new Stores();

    @OnEveryDialect
    void roundTripsEveryField(Dialect dialect) {
        TenantRepository tenants = new TenantRepository(stores.open(dialect));
        Tenant acme = tenant("ten_1", "acme");

        tenants.create(acme);

        assertThat(tenants.findById("ten_1")).contains(acme);
        assertThat(tenants.findByName("acme")).contains(acme);
    }

    @OnEveryDialect
    void roundTripsNullLimitsAndEmptyMetadata(Dialect dialect) {
        TenantRepository tenants = new TenantRepository(stores.open(dialect));
        Tenant bare = bareTenant("ten_1", "acme");

        tenants.create(bare);

        Tenant read = tenants.findById("ten_1").orElseThrow();
        assertThat(read).isEqualTo(bare);
        assertThat(read.requestsPerMinute()).isNull();
        assertThat(read.budgetPeriod()).isNull();
        assertThat(read.metadata()).isEmpty();
    }

    @OnEveryDialect
    void findsNothingForAnUnknownIdOrName(Dialect dialect) {
        TenantRepository tenants = new TenantRepository(stores.open(dialect));
        tenants.create(bareTenant("ten_1", "acme"));

        assertThat(tenants.findById("ten_2")).isEmpty();
        assertThat(tenants.findByName("Acme")).isEmpty();
    }

    @OnEveryDialect
    void refusesASecondTenantWithTheSameNameAndCountsNoChange(Dialect dialect) {
        Database database = stores.open(dialect);
        TenantRepository tenants = new TenantRepository(database);
        tenants.create(bareTenant("ten_1", "acme"));

        assertThatThrownBy(() -> tenants.create(bareTenant("ten_2", "acme")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("tenant 'acme' already exists");
        assertThat(new StoreKeySource(database).version()).isEqualTo(1);
        assertThat(tenants.list()).extracting(Tenant::id).containsExactly("ten_1");
    }

    @OnEveryDialect
    void refusesASecondTenantWithTheSameId(Dialect dialect) {
        TenantRepository tenants = new TenantRepository(stores.open(dialect));
        tenants.create(bareTenant("ten_1", "acme"));

        assertThatThrownBy(() -> tenants.create(bareTenant("ten_1", "globex")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("tenant id 'ten_1' already exists");
    }

    @OnEveryDialect
    void updateReplacesEveryFieldButCreatedAt(Dialect dialect) {
        TenantRepository tenants = new TenantRepository(stores.open(dialect));
        tenants.create(tenant("ten_1", "acme"));
        Instant later = Instant.parse("2025-06-01T00:00:00.789Z");
        Tenant changed = new Tenant("ten_1", "acme-corp", null, 5_000, null, 7L, BudgetPeriod.DAY, false,
                Map.of("tier", "gold"), Instant.EPOCH, later);

        tenants.update(changed);

        assertThat(tenants.findById("ten_1")).contains(new Tenant("ten_1", "acme-corp", null, 5_000, null, 7L,
                BudgetPeriod.DAY, false, Map.of("tier", "gold"), CREATED, later));
        assertThat(tenants.findByName("acme")).isEmpty();
    }

    @OnEveryDialect
    void refusesToUpdateATenantThatDoesNotExistAndCountsNoChange(Dialect dialect) {
        Database database = stores.open(dialect);
        TenantRepository tenants = new TenantRepository(database);

        assertThatThrownBy(() -> tenants.update(bareTenant("ten_404", "ghost")))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no tenant with id 'ten_404'");
        assertThat(new StoreKeySource(database).version()).isZero();
    }

    @OnEveryDialect
    void refusesToRenameATenantToAnotherTenantsName(Dialect dialect) {
        TenantRepository tenants = new TenantRepository(stores.open(dialect));
        tenants.create(bareTenant("ten_1", "acme"));
        tenants.create(bareTenant("ten_2", "globex"));

        assertThatThrownBy(() -> tenants.update(bareTenant("ten_2", "acme")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("tenant 'acme' already exists");
        assertThat(tenants.findById("ten_2").orElseThrow().name()).isEqualTo("globex");
    }

    @OnEveryDialect
    void listsTenantsByName(Dialect dialect) {
        TenantRepository tenants = new TenantRepository(stores.open(dialect));
        tenants.create(bareTenant("ten_1", "umbrella"));
        tenants.create(bareTenant("ten_2", "acme"));
        tenants.create(bareTenant("ten_3", "globex"));

        assertThat(tenants.list()).extracting(Tenant::name).containsExactly("acme", "globex", "umbrella");
    }

    @OnEveryDialect
    void everyTenantOrKeyWriteBumpsTheChangesVersionAndReadsDoNot(Dialect dialect) {
        Database database = stores.open(dialect);
        TenantRepository tenants = new TenantRepository(database);
        ApiKeyRepository keys = new ApiKeyRepository(database);
        StoreKeySource source = new StoreKeySource(database);
        assertThat(source.version()).isZero();

        tenants.create(bareTenant("ten_1", "acme"));
        assertThat(source.version()).isEqualTo(1);

        tenants.update(tenant("ten_1", "acme"));
        assertThat(source.version()).isEqualTo(2);

        keys.create(bareKey("key_1", "ten_1", "sk-sb-AAAA", "hash-1"));
        assertThat(source.version()).isEqualTo(3);

        keys.update(bareKey("key_1", "ten_1", "sk-sb-AAAA", "hash-2"));
        assertThat(source.version()).isEqualTo(4);

        tenants.list();
        tenants.findById("ten_1");
        tenants.findByName("acme");
        keys.list(null);
        keys.findByHash("hash-2");
        keys.findByPrefix("sk-sb-AAAA");
        source.load();
        assertThat(source.version()).isEqualTo(4);
    }
}
