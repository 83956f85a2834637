package dev.switchboard.retrieval.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How a pgvector keyword search ranks, and how it bounds its cost: which of the query's lexemes
 * select the chunks to rank, how many chunks are ranked at most, and how each lexeme weighs.
 *
 * <p>Weights: {@code ts_rank} alone has no notion of how rare a word is, so a chunk that repeats a
 * common word outranks one with the query's one rare word. The score is therefore
 * {@code Σ idf(lexeme) · ts_rank(tsv, lexeme, 1)} with BM25's
 * {@code idf = ln(1 + (N − df + 0.5) / (df + 0.5))}, the document frequencies estimated from
 * PostgreSQL's statistics of the column (N chunks, df chunks holding the lexeme). To keep the number
 * of {@code ts_rank} calls per chunk small, lexemes of about the same weight (within 0.25) are
 * ranked together: {@code ts_rank} of an OR averages its lexemes, so the group's rank times its
 * size is the sum of theirs. On Cranfield and CISI this lifts nDCG@10 of keyword search by 10–13%
 * over a plain {@code ts_rank} of the OR (docs/retrieval-evaluation.md).
 *
 * <p>Ranking ({@code ts_rank}) reads every chunk it scores, so a query with a word that most chunks
 * contain would rank most of the collection (440 ms at 100k chunks). The plan takes the query's
 * lexemes from the rarest up, by the document frequencies PostgreSQL's statistics estimate, while
 * the chunks they match add up to at most {@code candidates}: chunks holding one of those are ranked,
 * by the whole query — common words still count in the score, they just do not pull in chunks that
 * have nothing rarer. When even the rarest lexeme is in more than {@code candidates} chunks, the
 * chunks holding every lexeme are ranked, at most {@code candidates} of them. Without statistics (a
 * collection never analyzed) every lexeme selects, as a plain OR, and every lexeme weighs the same.
 * Immutable.
 *
 * @param selecting the lexemes whose chunks are ranked (OR), or every lexeme (AND) when {@code all}
 * @param all whether the chunks must hold every lexeme (the rarest alone is too common)
 * @param limit chunks ranked at most, or 0 for no limit
 * @param scores the terms of the score: each a weight and the tsquery of a group of lexemes
 */
record PgKeywordPlan(List<String> selecting, boolean all, int limit, List<Weighted> scores) {

    /** Weights within this step of each other rank together. */
    private static final double WEIGHT_STEP = 0.25;

    /** One term of the score: {@code weight · ts_rank(tsv, tsquery, 1)}. */
    record Weighted(double weight, String tsquery) {
    }

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

        /** BM25's inverse document frequency of the lexeme. */
        double idf(String lexeme) {
            double df = Math.min(rows, chunks(lexeme));
            return Math.log(1 + (rows - df + 0.5) / (df + 0.5));
        }
    }

    static PgKeywordPlan of(List<String> lexemes, Statistics statistics, int candidates) {
        if (!statistics.known()) {
            return new PgKeywordPlan(lexemes, false, 0, List.of(new Weighted(lexemes.size(), tsquery(lexemes, " | "))));
        }
        List<Weighted> scores = scores(lexemes, statistics);
        List<String> byRarity = new ArrayList<>(lexemes);
        byRarity.sort(Comparator.comparingDouble(statistics::chunks).thenComparing(Comparator.naturalOrder()));
        if (statistics.chunks(byRarity.getFirst()) > candidates) {
            return new PgKeywordPlan(lexemes, true, candidates, scores);
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
        return new PgKeywordPlan(selecting, false, 0, scores);
    }

    /** The lexemes grouped by weight (rounded to {@link #WEIGHT_STEP}, at least one step), heaviest first. */
    private static List<Weighted> scores(List<String> lexemes, Statistics statistics) {
        Map<Long, List<String>> groups = new java.util.TreeMap<>(Comparator.reverseOrder());
        for (String lexeme : lexemes) {
            long steps = Math.max(1, Math.round(statistics.idf(lexeme) / WEIGHT_STEP)); // the commonest still count a little
            groups.computeIfAbsent(steps, k -> new ArrayList<>()).add(lexeme);
        }
        List<Weighted> scores = new ArrayList<>(groups.size());
        groups.forEach((step, group) -> scores.add(new Weighted(step * WEIGHT_STEP * group.size(), tsquery(group, " | "))));
        return scores;
    }

    /** The tsquery selecting the chunks to rank. */
    String selection() {
        return tsquery(selecting, all ? " & " : " | ");
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
