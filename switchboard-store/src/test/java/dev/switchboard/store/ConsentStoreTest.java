package dev.switchboard.store;

import static dev.switchboard.store.Fixtures.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.consent.Consent;
import dev.switchboard.core.consent.ConsentBook;
import dev.switchboard.core.consent.ConsentUse;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConsentStoreTest {

    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00.250Z");

    @RegisterExtension
    final Stores stores = new Stores();

    private ConsentStore open(Dialect dialect) {
        return stores.track(ConsentStore.open(stores.fresh(dialect)));
    }

    static Consent consent(String id, String subject, String purpose, Instant at, String... fields) {
        return new Consent(id, subject, purpose, Set.of(fields), at, null, Duration.ofDays(30), null);
    }

    static ConsentUse use(String id, String subject, Instant at, Duration retention) {
        return new ConsentUse(id, "req_" + id, subject, "support", "con_1", "acme", List.of("EMAIL_ADDRESS"),
                List.of("PHONE_NUMBER", "PERSON"), at, at.plus(retention));
    }

    @OnEveryDialect
    void grantedConsentIsReadBackWithEveryField(Dialect dialect) {
        ConsentStore store = open(dialect);
        Consent granted = new Consent("con_1", "subj-42", "support", Set.of("EMAIL_ADDRESS", "user"), T0,
                Instant.parse("2027-01-01T00:00:00Z"), Duration.ofDays(7), null);

        assertThat(store.grant(granted)).isEmpty();

        assertThat(store.consents("subj-42")).containsExactly(granted);
        assertThat(store.hasSubject("subj-42")).isTrue();
        assertThat(store.load().consents()).containsExactly(granted);
    }

    @OnEveryDialect
    void aNewGrantForTheSamePurposeRevokesTheOldOneAndKeepsOthers(Dialect dialect) {
        ConsentStore store = open(dialect);
        Consent first = consent("con_1", "subj-42", "support", T0, "EMAIL_ADDRESS");
        Consent marketing = consent("con_2", "subj-42", "marketing", T0.plusSeconds(1), "PERSON");
        Consent second = consent("con_3", "subj-42", "support", T0.plusSeconds(60), "EMAIL_ADDRESS", "PHONE_NUMBER");
        store.grant(first);
        store.grant(marketing);

        List<Consent> replaced = store.grant(second);

        assertThat(replaced).containsExactly(first.revoked(second.grantedAt()));
        assertThat(store.consents("subj-42")).containsExactly(first.revoked(second.grantedAt()), marketing, second);
        assertThat(store.load().consents()).containsExactlyInAnyOrder(marketing, second);
    }

    @OnEveryDialect
    void revokeStampsTheActiveConsentAndTheBookNoLongerFindsIt(Dialect dialect) {
        ConsentStore store = open(dialect);
        store.grant(consent("con_1", "subj-42", "support", T0, "EMAIL_ADDRESS"));
        ConsentBook book = stores.track(new ConsentBook(store, Duration.ofHours(1)));
        assertThat(book.active("subj-42", "support", T0.plusSeconds(1))).isPresent();

        Consent revoked = store.revoke("subj-42", "support", T0.plusSeconds(5)).orElseThrow();
        book.refresh();

        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(book.active("subj-42", "support", T0.plusSeconds(6))).isEmpty();
        assertThat(store.consents("subj-42")).singleElement().extracting(Consent::revokedAt).isEqualTo(T0.plusSeconds(5));
        assertThat(store.revoke("subj-42", "support", T0.plusSeconds(9))).as("nothing left to revoke").isEmpty();
    }

    @OnEveryDialect
    void everyChangeMovesTheVersionAndReadsDoNot(Dialect dialect) {
        ConsentStore store = open(dialect);
        long start = store.version();
        store.grant(consent("con_1", "subj-42", "support", T0, "*"));
        long granted = store.version();
        store.consents("subj-42");
        store.recordUses(List.of(use("u1", "subj-42", T0, Duration.ofDays(1))));
        assertThat(store.version()).isEqualTo(granted);
        store.revoke("subj-42", "support", T0.plusSeconds(1));
        long revoked = store.version();
        store.erase("subj-42");

        assertThat(List.of(start, granted, revoked, store.version())).isSorted().doesNotHaveDuplicates();
    }

    @OnEveryDialect
    void usesAreReadBackOldestFirstAndWrittenOnceEvenWhenRetried(Dialect dialect) {
        ConsentStore store = open(dialect);
        ConsentUse later = use("u2", "subj-42", T0.plusSeconds(10), Duration.ofDays(1));
        ConsentUse earlier = use("u1", "subj-42", T0, Duration.ofDays(1));

        store.recordUses(List.of(later, earlier));
        store.recordUses(List.of(earlier));

        assertThat(store.uses("subj-42")).containsExactly(earlier, later);
        assertThat(store.uses("someone-else")).isEmpty();
    }

    @OnEveryDialect
    void pruningDeletesExactlyTheUsesPastTheirRetention(Dialect dialect) {
        ConsentStore store = open(dialect);
        ConsentUse shortLived = use("u1", "subj-42", T0, Duration.ofHours(1));
        ConsentUse longLived = use("u2", "subj-42", T0, Duration.ofDays(30));
        store.recordUses(List.of(shortLived, longLived));

        assertThat(store.pruneUses(T0.plus(Duration.ofMinutes(59)))).isZero();
        assertThat(store.pruneUses(T0.plus(Duration.ofHours(1)))).isEqualTo(1);

        assertThat(store.uses("subj-42")).containsExactly(longLived);
    }

    @OnEveryDialect
    void erasureRemovesTheSubjectTheirConsentsAndUsesAndNobodyElses(Dialect dialect) {
        ConsentStore store = open(dialect);
        store.grant(consent("con_1", "subj-42", "support", T0, "EMAIL_ADDRESS"));
        store.grant(consent("con_2", "subj-42", "support", T0.plusSeconds(1), "PERSON"));
        store.grant(consent("con_3", "subj-7", "support", T0, "PERSON"));
        store.recordUses(List.of(use("u1", "subj-42", T0, Duration.ofDays(1)), use("u2", "subj-7", T0, Duration.ofDays(1))));

        long erased = store.erase("subj-42");

        assertThat(erased).as("2 consents, 1 use, 1 subject").isEqualTo(4);
        assertThat(store.consents("subj-42")).isEmpty();
        assertThat(store.uses("subj-42")).isEmpty();
        assertThat(store.hasSubject("subj-42")).isFalse();
        assertThat(store.consents("subj-7")).hasSize(1);
        assertThat(store.uses("subj-7")).hasSize(1);
        assertThat(store.erase("subj-42")).as("erasing again finds nothing").isZero();
    }

    @OnEveryDialect
    void sharesASchemaWithTheMainStoreWithoutTouchingItsMigrations(Dialect dialect) throws Exception {
        StoreSettings settings = stores.fresh(dialect);
        stores.open(settings);
        ConsentStore store = stores.track(ConsentStore.open(settings));
        store.grant(consent("con_1", "subj-42", "support", T0, "*"));
        stores.open(settings); // the main store reopens: its own version table is untouched

        try (Statement statement = stores.connect(settings).createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM consent_schema_version")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(1);
        }
        assertThat(store.consents("subj-42")).hasSize(1);
    }

    @OnEveryDialect
    void theWriterWritesQueuedUsesBehindAndFlushesOnClose(Dialect dialect) throws Exception {
        ConsentStore store = open(dialect);
        ConsentUseWriter writer = new ConsentUseWriter(store, 100, Duration.ofMillis(20));
        writer.record(use("u1", "subj-42", T0, Duration.ofDays(1)));

        awaitUntil("the use is written", Duration.ofSeconds(10), () -> store.uses("subj-42").size() == 1);

        writer.record(use("u2", "subj-42", T0.plusSeconds(1), Duration.ofDays(1)));
        writer.close();
        assertThat(store.uses("subj-42")).extracting(ConsentUse::id).containsExactly("u1", "u2");
        assertThat(writer.written()).isEqualTo(2);
    }

    @OnEveryDialect
    void aFullQueueDropsAndCountsInsteadOfWaiting(Dialect dialect) {
        ConsentStore store = open(dialect);
        ConsentUseWriter writer = stores.track(new ConsentUseWriter(store, 2, Duration.ofHours(1)));

        for (int i = 0; i < 5; i++) {
            writer.record(use("u" + i, "subj-42", T0, Duration.ofDays(1)));
        }

        assertThat(writer.pending()).isEqualTo(2);
        assertThat(writer.dropped()).isEqualTo(3);
        writer.flush();
        assertThat(store.uses("subj-42")).extracting(ConsentUse::id).containsExactly("u0", "u1");
    }
}
