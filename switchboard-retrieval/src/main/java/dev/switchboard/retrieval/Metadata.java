package dev.switchboard.retrieval;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The metadata fields with a meaning to retrieval itself; every other field is free-form (deck,
 * activity tags, source) and can be filtered on.
 */
public final class Metadata {

    /** The tenant whose callers may read a document; absent: every tenant. */
    public static final String TENANT = "tenant";
    /** Roles allowed to read a document (any one suffices); absent: every role. */
    public static final String ROLES = "roles";
    /** The data subject a document is about; {@code erase} of that subject deletes it. */
    public static final String SUBJECT = "subject";
    /** Value of {@link #TENANT} and {@link #ROLES} in an index for "everyone". */
    public static final String EVERYONE = "*";

    /** What a metadata field name must look like. */
    public static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    private Metadata() {
    }

    /** The values of {@code field}, or {@code [*]} when there are none. */
    public static List<String> orEveryone(Map<String, List<String>> metadata, String field) {
        List<String> values = metadata.get(field);
        return values == null || values.isEmpty() ? List.of(EVERYONE) : values;
    }
}
