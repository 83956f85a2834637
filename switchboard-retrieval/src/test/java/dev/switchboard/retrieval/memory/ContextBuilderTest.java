package dev.switchboard.retrieval.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.chunk.Tokens;
import dev.switchboard.retrieval.store.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextBuilderTest {

    private static Hit hit(String doc, String text) {
        return new Hit(new Chunk(doc, 0, List.of("Section"), text, Map.of()), "Title " + doc, 1);
    }

    private static List<Turn> turns(int n) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            turns.add(new Turn(i % 2 == 1 ? "user" : "assistant", "turn " + i));
        }
        return turns;
    }

    @Test
    void numbersSourcesAndKeepsTheLatestTurnsUpToTheMaximum() {
        ContextBuilder.Context context = new ContextBuilder(2000, 6, 8)
                .build("Learn sailing", turns(12), List.of(hit("a", "Alpha text."), hit("b", "Beta text.")));
        assertThat(context.instructions()).startsWith("The goal of this conversation: Learn sailing")
                .contains("[1] Title a › Section\nAlpha text.", "[2] Title b › Section\nBeta text.");
        assertThat(context.turns()).extracting(Turn::content).containsExactly("turn 5", "turn 6", "turn 7", "turn 8",
                "turn 9", "turn 10", "turn 11", "turn 12");
        assertThat(context.sources()).hasSize(2);
    }

    @Test
    void aTightBudgetKeepsTheNewestTurnsAheadOfSourcesAndNeverExceedsIt() {
        String longText = "word ".repeat(120);
        int budget = 200;
        ContextBuilder.Context context = new ContextBuilder(budget, 6, 10)
                .build("Goal", turns(10), List.of(hit("big", longText), hit("small", "Short source.")));
        assertThat(context.turns()).hasSizeGreaterThanOrEqualTo(6).last().extracting(Turn::content).isEqualTo("turn 10");
        assertThat(context.sources()).extracting(h -> h.chunk().documentId()).containsExactly("small");
        assertThat(context.instructions()).contains("[1] Title small");
        int used = Tokens.count(context.instructions())
                + context.turns().stream().mapToInt(t -> Tokens.count(t.content()) + 4).sum();
        assertThat(used).isLessThanOrEqualTo(budget);
    }

    @Test
    void noGoalAndNoSourcesMeansNoInstructions() {
        ContextBuilder.Context context = new ContextBuilder(500, 6, 10).build(null, turns(2), List.of());
        assertThat(context.instructions()).isEmpty();
        assertThat(context.turns()).hasSize(2);
    }

    @Test
    void theSessionStoreKeepsTheNewestTurnsAndDropsTheLeastRecentlyUsedSession() {
        int[] counter = {0};
        SessionStore store = new SessionStore(2, 3, () -> "s" + ++counter[0]);
        Session first = store.create("key_1", "goal");
        store.append(first.id(), turns(5));
        assertThat(store.get(first.id()).orElseThrow().turns()).extracting(Turn::content)
                .containsExactly("turn 3", "turn 4", "turn 5");
        Session second = store.create("key_1", null);
        store.get(first.id());
        store.create("key_2", "third");
        assertThat(store.get(second.id())).as("least recently used").isEmpty();
        assertThat(store.get(first.id())).isPresent();
        assertThat(store.append("missing", turns(1))).isFalse();
    }
}
