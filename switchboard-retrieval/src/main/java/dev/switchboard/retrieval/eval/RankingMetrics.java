package dev.switchboard.retrieval.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranking quality as BEIR and trec_eval compute it. nDCG@k: DCG of the ranking (gain / log2(rank + 1),
 * linear gains from the judgements) over the DCG of the ideal ranking of the judged documents.
 * Recall@k: the share of relevant documents (gain above 0) found in the first k.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /** nDCG@k of one query; 0 when nothing is relevant. */
    public static double ndcg(List<String> ranked, Map<String, Integer> judgements, int k) {
        double dcg = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            String doc = ranked.get(i);
            if (seen.add(doc)) {
                dcg += Math.max(0, judgements.getOrDefault(doc, 0)) / log2(i + 2);
            }
        }
        List<Integer> ideal = judgements.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Recall@k of one query; 0 when nothing is relevant. */
    public static double recall(List<String> ranked, Map<String, Integer> judgements, int k) {
        long relevant = judgements.values().stream().filter(g -> g > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranked.stream().limit(k).distinct().filter(d -> judgements.getOrDefault(d, 0) > 0).count();
        return (double) found / relevant;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
