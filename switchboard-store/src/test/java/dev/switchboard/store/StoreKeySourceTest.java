package dev.switchboard.store;

import static dev.switchboard.store.Fixtures.bareTenant;
import static dev.switchboard.store.Fixtures.key;
import static dev.switchboard.store.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.tenancy.ApiKey;
import dev.switchboard.core.tenancy.KeySource;
import dev.switchboard.core.tenancy.Tenant;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoreKeySourceTest {

    @RegisterExtension
    final Stores stores = new Stores();

    @OnEveryDialect
    void loadsEveryTenantAndKeyTogetherWithTheVersion(Dialect dialect) {
        Database database = stores.open(dialect);
        Tenant acme = tenant("ten_1", "acme");
        Tenant globex = bareTenant("ten_2", "globex");
        ApiKey key = key("key_1", "ten_2", "sk-sb-AAAA", "hash-1");
        new TenantRepository(database).create(acme);
        new TenantRepository(database).create(globex);
        new ApiKeyRepository(database).create(key);

        KeySource.Snapshot snapshot = new StoreKeySource(database).load();

        assertThat(snapshot.version()).isEqualTo(3);
        assertThat(snapshot.tenants()).containsExactly(acme, globex);
        assertThat(snapshot.keys()).containsExactly(key);
    }

    @OnEveryDialect
    void seesWritesMadeThroughAnotherReplica(Dialect dialect) {
        StoreSettings settings = stores.fresh(dialect);
        StoreKeySource source = new StoreKeySource(stores.open(settings));
        Database otherReplica = stores.open(settings);
        long before = source.version();

        new TenantRepository(otherReplica).create(bareTenant("ten_1", "acme"));
        new ApiKeyRepository(otherReplica).create(key("key_1", "ten_1", "sk-sb-AAAA", "hash-1"));

        assertThat(source.version()).isEqualTo(before + 2);
        KeySource.Snapshot snapshot = source.load();
        assertThat(snapshot.version()).isEqualTo(before + 2);
        assertThat(snapshot.tenants()).extracting(Tenant::name).containsExactly("acme");
        assertThat(snapshot.keys()).extracting(ApiKey::id).containsExactly("key_1");
    }
}
