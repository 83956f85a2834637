package dev.switchboard.retrieval.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How a pgvector keyword search bounds its cost: which of the query's lexemes select the chunks to
 * rank, and how many chunks are ranked at most.
 *
 * <p>Ranking ({@code ts_rank}) reads every chunk it scores, so a query with a word that most chunks
 * contain would rank most of the collection (440 ms at 100k chunks). The plan takes the query's
 * lexemes from the rarest up, by the document frequencies PostgreSQL's statistics estimate, while
 * the chunks they match add up to at most {@code candidates}: chunks holding one of those are ranked,
 * by the whole query — common words still count in the score, they just do not pull in chunks that
 * have nothing rarer. When even the rarest lexeme is in more than {@code candidates} chunks, the
 * chunks holding every lexeme are ranked, at most {@code candidates} of them. Without statistics (a
 * collection never analyzed) every lexeme selects, as a plain OR. Immutable.
 *
 * @param selecting the lexemes whose chunks are ranked (OR), or every lexeme (AND) when {@code all}
 * @param all whether the chunks must hold every lexeme (the rarest alone is too common)
 * @param limit chunks ranked at most, or 0 for no limit
 * @param lexemes every lexeme of the query, for the score
 */
record PgKeywordPlan(List<String> selecting, boolean all, int limit, List<String> lexemes) {

    /**
     * Statistics of a collection's {@code tsv} column.
     *
     * @param rows chunks in the table, estimated
     * @param frequencies share of chunks holding each of the most common lexemes
     * @param rarestFrequency the share of the least common of those: lexemes not listed are rarer
     */
    record Statistics(double rows, Map<String, Double> frequencies, double rarestFrequency) {

        static final Statistics NONE = new Statistics(-1, Map.of(), 0);

        boolean known() {
            return rows > 0 && !frequencies.isEmpty();
        }

        /** Chunks holding the lexeme, estimated as PostgreSQL's planner does (half the rarest listed share if unlisted). */
        double chunks(String lexeme) {
            Double share = frequencies.get(lexeme);
            return rows * (share != null ? share : rarestFrequency / 2);
        }
    }

    static PgKeywordPlan of(List<String> lexemes, Statistics statistics, int candidates) {
        if (!statistics.known()) {
            return new PgKeywordPlan(lexemes, false, 0, lexemes);
        }
        List<String> byRarity = new ArrayList<>(lexemes);
        byRarity.sort(Comparator.comparingDouble(statistics::chunks).thenComparing(Comparator.naturalOrder()));
        if (statistics.chunks(byRarity.getFirst()) > candidates) {
            if (Boolean.getBoolean("exp.rarest")) {
                return new PgKeywordPlan(List.of(byRarity.getFirst()), false, 0, lexemes);
            }
            return new PgKeywordPlan(lexemes, true, candidates, lexemes);
        }
        List<String> selecting = new ArrayList<>();
        double chunks = 0;
        for (String lexeme : byRarity) {
            chunks += statistics.chunks(lexeme);
            if (chunks > candidates) {
                break;
            }
            selecting.add(lexeme);
        }
        return new PgKeywordPlan(selecting, false, 0, lexemes);
    }

    /** The tsquery selecting the chunks to rank. */
    String selection() {
        return tsquery(selecting, all ? " & " : " | ");
    }

    /** The tsquery of the whole query, for the score. */
    String scoring() {
        return tsquery(lexemes, " | ");
    }

    /** Lexemes as a tsquery literal: quoted, so that PostgreSQL does not normalize them again. */
    static String tsquery(List<String> lexemes, String operator) {
        StringBuilder query = new StringBuilder();
        for (String lexeme : lexemes) {
            if (!query.isEmpty()) {
                query.append(operator);
            }
            query.append('\'').append(lexeme.replace("\\", "\\\\").replace("'", "''")).append('\'');
        }
        return query.toString();
    }
}
