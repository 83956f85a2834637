package dev.switchboard.guard.redact;

import java.util.function.UnaryOperator;

/**
 * Restores placeholders in text that arrives in pieces, such as a streamed answer, where a
 * placeholder may be split between two pieces ({@code "<PER"} then {@code "SON_1> said"}).
 *
 * <p>Each {@link #push} returns at once everything that can no longer be part of a placeholder,
 * restored; it holds back only a tail that is the beginning of one of the vault's placeholders,
 * and never emits part of a placeholder. {@link #finish} returns what is held back when the text
 * ends. Not thread-safe; one per stream of text (one per choice, one per tool call).
 */
public final class StreamingRestorer {

    private final PseudonymVault vault;
    private final UnaryOperator<String> escape;
    private String held = "";

    public StreamingRestorer(PseudonymVault vault) {
        this(vault, UnaryOperator.identity());
    }

    /** @param escape applied to each original before it is put in place (e.g. JSON escaping) */
    public StreamingRestorer(PseudonymVault vault, UnaryOperator<String> escape) {
        this.vault = vault;
        this.escape = escape;
    }

    /** The restored text that can be emitted now that {@code piece} arrived; may be empty. */
    public String push(String piece) {
        String text = held.isEmpty() ? piece : held + piece;
        int hold = holdFrom(text);
        held = text.substring(hold);
        return vault.restore(hold == text.length() ? text : text.substring(0, hold), escape);
    }

    /** What was held back, as it was (it never became a placeholder); empties the restorer. */
    public String finish() {
        String rest = held;
        held = "";
        return rest;
    }

    /** True when text is held back. */
    public boolean holding() {
        return !held.isEmpty();
    }

    /**
     * Where the held-back tail starts: the earliest {@code '<'} among the last few chars from which
     * the rest of the text is a proper prefix of a placeholder; the text's length when there is
     * none. A proper prefix has no {@code '>'}, so no whole placeholder is ever held back.
     */
    private int holdFrom(String text) {
        int window = vault.longestPlaceholder() - 1;
        int from = Math.max(0, text.length() - window);
        for (int at = text.indexOf('<', from); at >= 0; at = text.indexOf('<', at + 1)) {
            if (vault.couldBecomePlaceholder(text.substring(at))) {
                return at;
            }
        }
        return text.length();
    }
}
