package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.RegisterExtension;

class SettingsTest {

    @RegisterExtension
    final Stores stores = new Stores();

    @OnEveryDialect
    void keepsTheFirstValuePutUnderAName(Dialect dialect) {
        Settings settings = new Settings(stores.open(dialect));

        assertThat(settings.get("pepper.fingerprint")).isNull();
        assertThat(settings.putIfAbsent("pepper.fingerprint", "sha256:aaaa")).isEqualTo("sha256:aaaa");
        assertThat(settings.putIfAbsent("pepper.fingerprint", "sha256:bbbb")).isEqualTo("sha256:aaaa");
        assertThat(settings.get("pepper.fingerprint")).isEqualTo("sha256:aaaa");
    }

    @OnEveryDialect
    void aValuePutByAnotherReplicaIsTheOneKept(Dialect dialect) {
        StoreSettings store = stores.fresh(dialect);
        Settings first = new Settings(stores.open(store));
        Settings second = new Settings(stores.open(store));

        first.putIfAbsent("pepper.fingerprint", "sha256:aaaa");

        assertThat(second.putIfAbsent("pepper.fingerprint", "sha256:bbbb")).isEqualTo("sha256:aaaa");
    }
}
