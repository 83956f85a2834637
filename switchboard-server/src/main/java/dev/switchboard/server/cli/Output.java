package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.core.json.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** How admin commands print: aligned tables for people, JSON for scripts. */
final class Output {

    private Output() {
    }

    static void json(PrintStream out, JsonNode node) {
        try {
            out.println(Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A table of the given fields of each object of {@code rows}. */
    static void table(PrintStream out, JsonNode rows, String... fields) {
        List<String[]> lines = new ArrayList<>();
        lines.add(fields);
        for (JsonNode row : rows) {
            String[] line = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                JsonNode value = row.get(fields[i]);
                line[i] = value == null || value.isNull() ? "-" : value.isTextual() ? value.asText() : value.toString();
            }
            lines.add(line);
        }
        int[] widths = new int[fields.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == 0 ? "" : "  ").append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
    }
}
