package dev.switchboard.retrieval.chunk;

import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.embed.Embedder;
import dev.switchboard.retrieval.embed.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Semantic chunking: within each section, every sentence is embedded and a chunk boundary goes
 * where the cosine distance between adjacent sentences is above the section's
 * {@code breakpointPercentile}-th percentile of such distances — where the topic turns. Chunks are
 * still bounded by {@code maxTokens} (a long run of one topic is split by size, with overlap).
 * Costs one embedding per sentence at ingestion. Thread-safe.
 */
public final class SemanticChunker implements Chunker {

    private final Packer packer;
    private final Embedder embedder;
    private final int percentile;

    public SemanticChunker(ChunkingOptions options, Embedder embedder) {
        this.packer = new Packer(options);
        this.embedder = embedder;
        this.percentile = options.breakpointPercentile();
    }

    @Override
    public List<Chunk> chunk(Document document) {
        List<Chunk> chunks = new ArrayList<>();
        for (Section section : Section.parse(document.text())) {
            List<Packer.Unit> units = packer.units(section.paragraphs());
            for (String text : packer.pack(withBreaks(units))) {
                chunks.add(new Chunk(document.id(), chunks.size(), section.headingPath(), text, document.metadata()));
            }
        }
        return chunks;
    }

    /** The units with {@code breakBefore} set where the topic turns. */
    List<Packer.Unit> withBreaks(List<Packer.Unit> units) {
        if (units.size() < 3) {
            return units;
        }
        List<float[]> vectors = embedder.passages(units.stream().map(Packer.Unit::text).toList());
        double[] distances = new double[units.size() - 1];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = 1 - Vectors.cosine(vectors.get(i), vectors.get(i + 1));
        }
        double[] sorted = distances.clone();
        Arrays.sort(sorted);
        double threshold = sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
        List<Packer.Unit> marked = new ArrayList<>(units.size());
        marked.add(units.getFirst());
        for (int i = 1; i < units.size(); i++) {
            Packer.Unit unit = units.get(i);
            boolean turn = distances[i - 1] > threshold;
            marked.add(new Packer.Unit(unit.text(), unit.tokens(), unit.startsParagraph(), turn));
        }
        return marked;
    }
}
