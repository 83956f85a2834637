package dev.switchboard.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Replaces {@code ${env:NAME}} and {@code ${env:NAME:-default}} in every string of a config tree,
 * so that secrets stay out of the file. Substitution happens after YAML parsing, so a value may
 * contain any character without breaking the document.
 */
final class EnvInterpolator {

    private static final String OPEN = "${env:";

    private final Map<String, String> env;

    EnvInterpolator(Map<String, String> env) {
        this.env = env;
    }

    /** Rewrites {@code node} in place; each unresolvable reference is reported with its path. */
    void interpolate(JsonNode node, String path, BiConsumer<String, String> problems) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                String childPath = path.isEmpty() ? name : path + "." + name;
                if (child.isTextual()) {
                    object.set(name, resolve(child.textValue(), childPath, problems));
                } else {
                    interpolate(child, childPath, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                String childPath = path + "[" + i + "]";
                if (child.isTextual()) {
                    array.set(i, resolve(child.textValue(), childPath, problems));
                } else {
                    interpolate(child, childPath, problems);
                }
            }
        }
    }

    private JsonNode resolve(String text, String path, BiConsumer<String, String> problems) {
        if (!text.contains(OPEN)) {
            return TextNode.valueOf(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (true) {
            int start = text.indexOf(OPEN, from);
            if (start < 0) {
                out.append(text, from, text.length());
                return TextNode.valueOf(out.toString());
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                problems.accept(path, "unclosed '${env:' reference; write ${env:NAME}");
                return TextNode.valueOf(text);
            }
            out.append(text, from, start);
            String reference = text.substring(start + OPEN.length(), end);
            int dash = reference.indexOf(":-");
            String name = dash < 0 ? reference : reference.substring(0, dash);
            String value = env.get(name);
            if (value == null || (value.isEmpty() && dash >= 0)) {
                if (dash >= 0) {
                    value = reference.substring(dash + 2);
                } else {
                    problems.accept(path, "environment variable " + name + " is not set"
                            + " (write ${env:" + name + ":-default} to give a default)");
                    value = "";
                }
            }
            out.append(value);
            from = end + 1;
        }
    }
}
