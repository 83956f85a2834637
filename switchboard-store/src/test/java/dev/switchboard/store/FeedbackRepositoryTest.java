package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.FeedbackRepository.Acceptance;
import dev.switchboard.store.UsageQuery.GroupBy;
import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;

class FeedbackRepositoryTest {

    @RegisterExtension
    final Stores stores = new Stores();

    private static final Instant DAY_1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-03-02T10:00:00Z");

    private static Feedback feedback(String requestId, String tenantId, String model, boolean accepted, Instant at) {
        return new Feedback(requestId, tenantId, tenantId == null ? null : "name-" + tenantId, "key_1", model,
                "/v1/chat/completions", accepted, accepted ? 0.9 : 0.1, "fine", at);
    }

    @OnEveryDialect
    void aLaterVerdictOnTheSameRequestReplacesTheEarlierOne(Dialect dialect) {
        FeedbackRepository feedback = new FeedbackRepository(stores.open(dialect));
        feedback.put(feedback("req_1", "ten_a", "chat", false, DAY_1));
        feedback.put(feedback("req_1", "ten_a", "chat", true, DAY_2));

        assertThat(feedback.find("req_1")).contains(feedback("req_1", "ten_a", "chat", true, DAY_2));
        assertThat(feedback.acceptance(UsageQuery.all(GroupBy.NONE))).containsExactly(new Acceptance("all", 1, 1));
    }

    @OnEveryDialect
    void aVerdictWithoutScoreOrCommentKeepsThemNull(Dialect dialect) {
        FeedbackRepository feedback = new FeedbackRepository(stores.open(dialect));
        Feedback bare = new Feedback("req_1", null, null, null, null, "/v1/chat/completions", true, null, null, DAY_1);
        feedback.put(bare);

        assertThat(feedback.find("req_1")).contains(bare);
    }

    @OnEveryDialect
    void addsUpAcceptancePerModelDayAndTenant(Dialect dialect) {
        FeedbackRepository feedback = new FeedbackRepository(stores.open(dialect));
        feedback.put(feedback("r1", "ten_a", "chat", true, DAY_1));
        feedback.put(feedback("r2", "ten_a", "chat", false, DAY_1));
        feedback.put(feedback("r3", "ten_a", "chat", true, DAY_2));
        feedback.put(feedback("r4", "ten_b", "embed", true, DAY_2));

        assertThat(feedback.acceptance(UsageQuery.all(GroupBy.MODEL))).containsExactly(
                new Acceptance("chat", 3, 2), new Acceptance("embed", 1, 1));
        assertThat(feedback.acceptance(UsageQuery.all(GroupBy.DAY))).containsExactly(
                new Acceptance("2026-03-01", 2, 1), new Acceptance("2026-03-02", 2, 2));
        assertThat(feedback.acceptance(new UsageQuery("ten_a", null, null, DAY_2, null, GroupBy.NONE)))
                .containsExactly(new Acceptance("all", 1, 1));
        assertThat(new Acceptance("x", 4, 3).rate()).isEqualTo(0.75);
        assertThat(new Acceptance("x", 0, 0).rate()).isNull();
    }
}
