package dev.switchboard.retrieval.store;

import java.util.regex.Pattern;

/**
 * A collection as its store records it: the embedding model its vectors come from. Queries must
 * be embedded with that same model; a collection never mixes models.
 *
 * @param name unique name, {@link #NAME}
 * @param model embedding model, e.g. {@code local/bge-small-en-v1.5}
 * @param dimensions length of its vectors
 */
public record CollectionInfo(String name, String model, int dimensions) {

    /** What a collection name must look like (it becomes part of file and table names). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public CollectionInfo {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("collection name must be 1-63 lower-case letters, digits, '_' or '-',"
                    + " starting with a letter or digit; was '" + name + "'");
        }
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, was " + dimensions);
        }
    }
}
