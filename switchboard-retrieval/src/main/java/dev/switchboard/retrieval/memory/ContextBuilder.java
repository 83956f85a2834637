package dev.switchboard.retrieval.memory;

import dev.switchboard.retrieval.chunk.Tokens;
import dev.switchboard.retrieval.store.Hit;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the context of a grounded answer within a token budget: the session goal, the latest
 * turns and the retrieved chunks, numbered so that the answer can cite them as {@code [1]}.
 *
 * <p>Budget order: the goal always; room is then kept for the newest {@code minTurns} turns; sources
 * are added best first while they fit; finally older turns, newest first, up to {@code maxTurns},
 * while they fit. Token counts are {@link Tokens} estimates. Thread-safe.
 */
public final class ContextBuilder {

    private final int budgetTokens;
    private final int minTurns;
    private final int maxTurns;

    /**
     * @param budgetTokens most tokens of goal, sources and turns together
     * @param minTurns turns kept ahead of sources (when they exist)
     * @param maxTurns most turns kept
     */
    public ContextBuilder(int budgetTokens, int minTurns, int maxTurns) {
        if (budgetTokens < 1 || minTurns < 0 || maxTurns < minTurns) {
            throw new IllegalArgumentException("need budget >= 1 and 0 <= minTurns <= maxTurns; was " + budgetTokens
                    + ", " + minTurns + ", " + maxTurns);
        }
        this.budgetTokens = budgetTokens;
        this.minTurns = minTurns;
        this.maxTurns = maxTurns;
    }

    /**
     * What goes to the model besides the new question.
     *
     * @param instructions the system message: goal, citation rules and numbered sources; empty when
     *     there is neither goal nor source
     * @param turns the earlier turns kept, oldest first
     * @param sources the chunks cited, in the order of their numbers ({@code [1]} first)
     */
    public record Context(String instructions, List<Turn> turns, List<Hit> sources) {
    }

    public Context build(String goal, List<Turn> history, List<Hit> hits) {
        String goalText = goal == null || goal.isBlank() ? "" : "The goal of this conversation: " + goal.strip() + "\n\n";
        int used = Tokens.count(goalText);
        List<Turn> recent = history.subList(Math.max(0, history.size() - maxTurns), history.size());
        int reserved = 0;
        for (int i = recent.size() - 1; i >= Math.max(0, recent.size() - minTurns); i--) {
            reserved += Tokens.count(recent.get(i).content()) + 4;
        }
        StringBuilder sourceText = new StringBuilder();
        List<Hit> sources = new ArrayList<>();
        String rules = "Answer from the numbered sources below when they are relevant and cite each source you use"
                + " as [n]. If they do not contain the answer, say so.\n\n";
        int rulesTokens = hits.isEmpty() ? 0 : Tokens.count(rules);
        for (Hit hit : hits) {
            String block = source(sources.size() + 1, hit);
            int tokens = Tokens.count(block);
            if (used + rulesTokens + reserved + tokens > budgetTokens) {
                continue; // a smaller, lower-ranked source may still fit
            }
            sources.add(hit);
            sourceText.append(block);
            used += tokens;
        }
        if (!sources.isEmpty()) {
            used += rulesTokens;
        }
        List<Turn> kept = new ArrayList<>();
        for (int i = recent.size() - 1; i >= 0; i--) {
            int tokens = Tokens.count(recent.get(i).content()) + 4;
            if (used + tokens > budgetTokens) {
                break;
            }
            kept.addFirst(recent.get(i));
            used += tokens;
        }
        String instructions = goalText + (sources.isEmpty() ? "" : rules + sourceText);
        return new Context(instructions.strip(), kept, sources);
    }

    private static String source(int number, Hit hit) {
        StringBuilder block = new StringBuilder().append('[').append(number).append("] ");
        List<String> label = new ArrayList<>();
        if (hit.title() != null && !hit.title().isBlank()) {
            label.add(hit.title());
        }
        label.addAll(hit.chunk().headingPath());
        block.append(label.isEmpty() ? hit.chunk().documentId() : String.join(" › ", label)).append('\n');
        return block.append(hit.chunk().text()).append("\n\n").toString();
    }
}
