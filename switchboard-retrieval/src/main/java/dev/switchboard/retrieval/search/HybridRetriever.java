package dev.switchboard.retrieval.search;

import dev.switchboard.retrieval.embed.Embedder;
import dev.switchboard.retrieval.store.ChunkStore;
import dev.switchboard.retrieval.store.Filter;
import dev.switchboard.retrieval.store.Hit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a search in one of the {@link SearchMode}s. Hybrid search takes the best
 * {@code max(candidates, limit)} chunks by keyword and by vector and fuses the two rankings by
 * reciprocal rank: {@code score(chunk) = Σ 1 / (rrfK + rank)}, ranks from 1 — no score
 * normalisation, so BM25's unbounded scores and cosine similarities combine without tuning.
 * Thread-safe.
 */
public final class HybridRetriever {

    private final ChunkStore store;
    private final int rrfK;
    private final int candidates;

    /**
     * @param rrfK the rank constant of fusion (60 in the original paper): larger flattens the
     *     advantage of top ranks
     * @param candidates how many chunks each side contributes to a hybrid search at least
     */
    public HybridRetriever(ChunkStore store, int rrfK, int candidates) {
        if (rrfK < 1) {
            throw new IllegalArgumentException("rrf_k must be at least 1, was " + rrfK);
        }
        this.store = store;
        this.rrfK = rrfK;
        this.candidates = candidates;
    }

    /** The best {@code limit} chunks for {@code query}, best first. */
    public List<Hit> search(String collection, Embedder embedder, String query, SearchMode mode, Filter filter,
                            int limit) {
        return switch (mode) {
            case KEYWORD -> store.keyword(collection, query, filter, limit);
            case VECTOR -> store.vector(collection, embedder.query(query), filter, limit);
            case EXACT -> store.exact(collection, query, filter, limit);
            case HYBRID -> {
                int each = Math.max(candidates, limit);
                List<Hit> keyword = store.keyword(collection, query, filter, each);
                List<Hit> vector = store.vector(collection, embedder.query(query), filter, each);
                yield fuse(List.of(keyword, vector), rrfK, limit);
            }
        };
    }

    /** Reciprocal rank fusion of rankings (each best first) into one of at most {@code limit} chunks. */
    public static List<Hit> fuse(List<List<Hit>> rankings, int rrfK, int limit) {
        Map<String, Hit> byId = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<Hit> ranking : rankings) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                Hit hit = ranking.get(rank);
                String id = hit.chunk().id();
                byId.putIfAbsent(id, hit);
                scores.merge(id, 1.0 / (rrfK + rank + 1), Double::sum);
            }
        }
        List<Hit> fused = new ArrayList<>(byId.size());
        byId.forEach((id, hit) -> fused.add(hit.withScore(scores.get(id))));
        fused.sort(Comparator.comparingDouble(Hit::score).reversed());
        return fused.size() > limit ? List.copyOf(fused.subList(0, limit)) : fused;
    }

    /** The best chunk of each document, best first, at most {@code limit} documents. */
    public static List<Hit> bestPerDocument(List<Hit> hits, int limit) {
        Map<String, Hit> best = new LinkedHashMap<>();
        for (Hit hit : hits) {
            best.putIfAbsent(hit.chunk().documentId(), hit);
            if (best.size() == limit) {
                break;
            }
        }
        return List.copyOf(best.values());
    }
}
