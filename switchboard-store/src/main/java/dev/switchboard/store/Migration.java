package dev.switchboard.store;

import java.util.ArrayList;
import java.util.List;

/**
 * One versioned change to the schema, as found on the classpath for one dialect.
 *
 * @param version 1, 2, 3, ... in the order they apply
 * @param description what it does, from the file name ({@code V2__usage_index} → {@code usage index})
 * @param file the resource it was read from
 * @param sql its statements; each ends with {@code ;} at the end of a line
 * @param checksum hex SHA-256 of {@code sql}, recorded when applied and compared on every start
 */
record Migration(int version, String description, String file, String sql, String checksum) {

    /**
     * The statements to execute one by one (drivers differ in running several per call). A
     * statement ends at a line ending in {@code ;}; lines starting with {@code --} are skipped.
     */
    List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(withoutFinalSemicolon(current));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    /** {@code V2 (usage index)}: how messages name it. */
    String label() {
        return "V" + version + " (" + description + ")";
    }

    private static String withoutFinalSemicolon(StringBuilder statement) {
        String text = statement.toString().strip();
        return text.substring(0, text.length() - 1).strip();
    }
}
