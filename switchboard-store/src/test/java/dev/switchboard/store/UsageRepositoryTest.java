package dev.switchboard.store;

import static dev.switchboard.store.Fixtures.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.store.UsageQuery.GroupBy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UsageRepositoryTest {

    @RegisterExtension
    final Stores stores = new Stores();

    private static final Instant DAY_1 = Instant.parse("2025-03-01T00:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2025-03-02T00:00:00Z");
    private static final Instant DAY_3 = Instant.parse("2025-03-03T00:00:00Z");

    /** Two tenants, three keys, the master key, two models, three UTC days; records on both sides of midnight. */
    private UsageRepository ledger(Dialect dialect) {
        UsageRepository usage = new UsageRepository(stores.open(dialect));
        usage.insertAll(List.of(
                usage("u1", DAY_1, "ten_a", "key_1", "gpt-4o", 100, 20, 50, 10, 1_000, false),
                usage("u2", DAY_2.minusMillis(1), "ten_a", "key_1", "gpt-4o-mini", 200, 0, 30, 0, 200, true),
                usage("u3", DAY_2, "ten_a", "key_2", "gpt-4o", 10, 5, 5, 5, 50, false),
                usage("u4", DAY_3.plusSeconds(43_200), "ten_b", "key_3", "gpt-4o", 1, 0, 1, 0, 7, true),
                usage("u5", DAY_2.plusSeconds(21_600), null, null, "gpt-4o", 1_000, 0, 0, 0, 3, false)));
        return usage;
    }

    @OnEveryDialect
    void addsUpUsagePerUtcDay(Dialect dialect) {
        UsageRepository usage = ledger(dialect);

        assertThat(usage.aggregate(UsageQuery.all(GroupBy.DAY))).containsExactly(
                new UsageRow("2025-03-01", 2, 300, 20, 80, 10, 1_200, 1),
                new UsageRow("2025-03-02", 2, 1_010, 5, 5, 5, 53, 0),
                new UsageRow("2025-03-03", 1, 1, 0, 1, 0, 7, 1));
    }

    @OnEveryDialect
    void addsUpUsagePerModel(Dialect dialect) {
        UsageRepository usage = ledger(dialect);

        assertThat(usage.aggregate(UsageQuery.all(GroupBy.MODEL))).containsExactly(
                new UsageRow("gpt-4o", 4, 1_111, 25, 56, 15, 1_060, 1),
                new UsageRow("gpt-4o-mini", 1, 200, 0, 30, 0, 200, 1));
    }

    @OnEveryDialect
    void addsUpUsagePerKeyWithTheMasterKeysRowLast(Dialect dialect) {
        UsageRepository usage = ledger(dialect);

        assertThat(usage.aggregate(UsageQuery.all(GroupBy.KEY))).containsExactly(
                new UsageRow("key_1", 2, 300, 20, 80, 10, 1_200, 1),
                new UsageRow("key_2", 1, 10, 5, 5, 5, 50, 0),
                new UsageRow("key_3", 1, 1, 0, 1, 0, 7, 1),
                new UsageRow(null, 1, 1_000, 0, 0, 0, 3, 0));
    }

    @OnEveryDialect
    void addsUpEverythingIntoOneRowAndZerosWhenNothingMatches(Dialect dialect) {
        UsageRepository usage = ledger(dialect);

        assertThat(usage.aggregate(UsageQuery.all(GroupBy.NONE))).containsExactly(
                new UsageRow("all", 5, 1_311, 25, 86, 15, 1_260, 2));
        assertThat(usage.aggregate(new UsageQuery("ten_404", null, null, null, null, GroupBy.NONE))).containsExactly(
                new UsageRow("all", 0, 0, 0, 0, 0, 0, 0));
        assertThat(usage.aggregate(new UsageQuery("ten_404", null, null, null, null, GroupBy.DAY))).isEmpty();
    }

    @OnEveryDialect
    void filtersByTenantKeyModelAndTimeFromInclusiveToExclusive(Dialect dialect) {
        UsageRepository usage = ledger(dialect);

        assertThat(usage.aggregate(new UsageQuery("ten_a", null, null, DAY_1, DAY_2, GroupBy.KEY))).containsExactly(
                new UsageRow("key_1", 2, 300, 20, 80, 10, 1_200, 1));
        assertThat(usage.aggregate(new UsageQuery("ten_a", null, null, DAY_1.plusMillis(1), null, GroupBy.NONE)))
                .extracting(UsageRow::costNanos).containsExactly(250L);
        assertThat(usage.aggregate(new UsageQuery(null, "key_1", "gpt-4o", null, null, GroupBy.MODEL))).containsExactly(
                new UsageRow("gpt-4o", 1, 100, 20, 50, 10, 1_000, 0));
        assertThat(usage.aggregate(new UsageQuery(null, null, "gpt-4o", DAY_2, DAY_3, GroupBy.DAY))).containsExactly(
                new UsageRow("2025-03-02", 2, 1_010, 5, 5, 5, 53, 0));
    }

    @OnEveryDialect
    void costSinceAddsUpATenantsOrAKeysCostFromThePeriodStart(Dialect dialect) {
        UsageRepository usage = ledger(dialect);
        Instant noonOnDay1 = DAY_1.plusSeconds(43_200);
        Instant noonOnDay2 = DAY_2.plusSeconds(43_200);

        assertThat(usage.costSince("ten_a", null, BudgetPeriod.DAY.start(noonOnDay1))).isEqualTo(1_250);
        assertThat(usage.costSince("ten_a", null, BudgetPeriod.DAY.start(noonOnDay2))).isEqualTo(50);
        assertThat(usage.costSince("ten_a", null, DAY_1.plusMillis(1))).isEqualTo(250);
        assertThat(usage.costSince("ten_a", null, BudgetPeriod.MONTH.start(noonOnDay2))).isEqualTo(1_250);
        assertThat(usage.costSince(null, "key_1", BudgetPeriod.DAY.start(noonOnDay1))).isEqualTo(1_200);
        assertThat(usage.costSince(null, "key_1", DAY_2)).isZero();
        assertThat(usage.costSince(null, "key_3", BudgetPeriod.MONTH.start(DAY_3))).isEqualTo(7);
        assertThat(usage.costSince("ten_404", null, DAY_1)).isZero();
    }

    @OnEveryDialect
    void costSinceNeedsExactlyOneOfTenantAndKey(Dialect dialect) {
        UsageRepository usage = ledger(dialect);

        assertThatThrownBy(() -> usage.costSince("ten_a", "key_1", DAY_1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got both");
        assertThatThrownBy(() -> usage.costSince(null, null, DAY_1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got neither");
    }

    @OnEveryDialect
    void aRecordInsertedTwiceIsStoredOnce(Dialect dialect) {
        UsageRepository usage = ledger(dialect);

        usage.insertAll(List.of(usage("u1", DAY_1, "ten_a", "key_1", "gpt-4o", 100, 20, 50, 10, 1_000, false),
                usage("u6", DAY_1, "ten_a", "key_1", "gpt-4o", 1, 1, 1, 1, 1, false)));

        assertThat(usage.aggregate(new UsageQuery("ten_a", null, null, null, null, GroupBy.NONE)))
                .extracting(UsageRow::requests).containsExactly(4L);
    }

    @Test
    void refusesAQueryWhoseRangeEndsBeforeItStarts() {
        assertThatThrownBy(() -> new UsageQuery(null, null, null, DAY_2, DAY_1, GroupBy.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'from' (2025-03-02T00:00:00Z) is after 'to' (2025-03-01T00:00:00Z)");
    }
}
