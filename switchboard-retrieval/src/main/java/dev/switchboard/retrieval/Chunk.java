package dev.switchboard.retrieval;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of a document small enough to embed and to quote: the unit that is indexed and found.
 *
 * @param documentId the document it comes from
 * @param position its place in the document, from 0
 * @param headingPath the headings it sits under, outermost first (empty when there are none)
 * @param text its text
 * @param metadata the document's metadata
 */
public record Chunk(String documentId, int position, List<String> headingPath, String text,
                    Map<String, List<String>> metadata) {

    public Chunk {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(text, "text");
        headingPath = List.copyOf(headingPath);
        metadata = Map.copyOf(metadata);
    }

    /** Its id, unique in a collection: {@code documentId#position}. */
    public String id() {
        return documentId + "#" + position;
    }
}
