package dev.switchboard.guard.schema;

import java.util.regex.Pattern;

/**
 * Where a value sits inside the validated document; built as the validator descends and turned into
 * text ({@code $.items[2].name}) only when a violation is reported.
 */
final class Location {

    static final Location ROOT = new Location(null, null, -1);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final Location parent;
    private final String property;
    private final int index;

    private Location(Location parent, String property, int index) {
        this.parent = parent;
        this.property = property;
        this.index = index;
    }

    Location property(String name) {
        return new Location(this, name, -1);
    }

    Location index(int i) {
        return new Location(this, null, i);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "$";
        }
        StringBuilder text = new StringBuilder(parent.toString());
        if (property == null) {
            text.append('[').append(index).append(']');
        } else if (PLAIN_NAME.matcher(property).matches()) {
            text.append('.').append(property);
        } else {
            text.append("[\"").append(JsonValues.excerpt(property, 40).replace("\"", "\\\"")).append("\"]");
        }
        return text.toString();
    }
}
