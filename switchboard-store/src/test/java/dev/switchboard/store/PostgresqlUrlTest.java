package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresqlUrlTest {

    @Test
    void readsHostPortAndDatabaseAndFillsInTheDefaults() {
        assertThat(PostgresqlUrl.address("jdbc:postgresql://db.internal:6432/ledger?sslmode=require"))
                .isEqualTo("db.internal:6432");
        assertThat(PostgresqlUrl.address("jdbc:postgresql://db.internal/ledger")).isEqualTo("db.internal:5432");
        assertThat(PostgresqlUrl.address("jdbc:postgresql:ledger")).isEqualTo("localhost:5432");
        assertThat(PostgresqlUrl.address("jdbc:postgresql://a:1,b/ledger")).isEqualTo("a:1,b:5432");
        assertThat(PostgresqlUrl.address("jdbc:postgresql://[::1]/ledger")).isEqualTo("[::1]:5432");
        assertThat(PostgresqlUrl.database("jdbc:postgresql://db:6432/ledger?password=x")).isEqualTo("ledger");
        assertThat(PostgresqlUrl.database("jdbc:postgresql:ledger")).isEqualTo("ledger");
    }

    @Test
    void neverReturnsTheUrlsParameters() {
        String url = "jdbc:postgresql://db:5432/ledger?user=sb&password=hunter2";

        assertThat(PostgresqlUrl.address(url) + PostgresqlUrl.database(url)).doesNotContain("hunter2");
    }
}
