package dev.switchboard.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line each option of a YAML document starts on, by path ({@code models[0].deployments[1].weight}),
 * so that problems found after binding can still point at the file.
 */
final class YamlLocations {

    private final Map<String, Integer> lines;

    private YamlLocations(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** Indexes a document that is already known to parse. */
    static YamlLocations index(String yaml) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Frame> frames = new ArrayDeque<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            String field = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.FIELD_NAME) {
                    field = parser.currentName();
                    lines.putIfAbsent(child(frames.peek(), field), line);
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    frames.pop();
                    continue;
                }
                Frame parent = frames.peek();
                String path = parent == null ? "" : parent.array ? parent.path + "[" + parent.next++ + "]"
                        : child(parent, field);
                lines.putIfAbsent(path, line);
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    frames.push(new Frame(path, token == JsonToken.START_ARRAY));
                }
            }
        }
        return new YamlLocations(lines);
    }

    /** The line of {@code path}, or of its nearest enclosing option, or 0 when unknown. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    private static String child(Frame parent, String field) {
        return parent == null || parent.path.isEmpty() ? field : parent.path + "." + field;
    }

    private static final class Frame {
        final String path;
        final boolean array;
        int next;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
