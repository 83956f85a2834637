package dev.switchboard.retrieval.chunk;

import dev.switchboard.retrieval.Chunk;
import dev.switchboard.retrieval.Document;
import java.util.ArrayList;
import java.util.List;

/**
 * Structure-aware chunking: sections by heading (a chunk never spans two), paragraphs kept whole
 * when they fit, long paragraphs split by sentence, chunks bounded in tokens with overlap (see
 * {@link Packer}). Each chunk carries its heading path and the document's metadata. Thread-safe.
 */
public final class StructuredChunker implements Chunker {

    private final Packer packer;

    public StructuredChunker(ChunkingOptions options) {
        this.packer = new Packer(options);
    }

    @Override
    public List<Chunk> chunk(Document document) {
        List<Chunk> chunks = new ArrayList<>();
        for (Section section : Section.parse(document.text())) {
            for (String text : packer.pack(packer.units(section.paragraphs()))) {
                chunks.add(new Chunk(document.id(), chunks.size(), section.headingPath(), text, document.metadata()));
            }
        }
        return chunks;
    }
}
