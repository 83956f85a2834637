package dev.switchboard.retrieval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One document to index: its id (unique in a collection; ingesting the same id again replaces it),
 * an optional title, the text (Markdown headings are understood), and metadata used for filters and
 * access control. Immutable.
 *
 * @param id the document id
 * @param title the title, or null
 * @param text the text; never blank
 * @param metadata field → values; the fields {@value Metadata#TENANT}, {@value Metadata#ROLES} and
 *     {@value Metadata#SUBJECT} have the meanings {@link Metadata} gives them
 */
public record Document(String id, String title, String text, Map<String, List<String>> metadata) {

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        if (metadata != null) {
            metadata.forEach((k, v) -> sorted.put(k, List.copyOf(v)));
        }
        metadata = Collections.unmodifiableMap(sorted);
    }

    public Document(String id, String title, String text) {
        this(id, title, text, Map.of());
    }

    /**
     * SHA-256 of everything that affects the index (title, text, metadata), hex: re-ingesting a
     * document with the same hash changes nothing and is skipped.
     */
    public String contentHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, title == null ? "\u0000" : title);
            update(digest, text);
            metadata.forEach((k, values) -> {
                update(digest, k);
                values.forEach(v -> update(digest, v));
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String s) {
        digest.update(s.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x1f);
    }
}
