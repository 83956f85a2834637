package dev.switchboard.retrieval.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a query is matched. */
public enum SearchMode {
    /** Reciprocal rank fusion of keyword and vector results; the default. */
    HYBRID,
    /** Nearest vectors only. */
    VECTOR,
    /** BM25 keyword relevance only. */
    KEYWORD,
    /** The document whose id or title is exactly the query (a prompt or playbook by name). */
    EXACT;

    /** Its wire name, lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SearchMode> parse(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst();
    }
}
