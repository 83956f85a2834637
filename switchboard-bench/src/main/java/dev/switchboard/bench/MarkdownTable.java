package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table whose columns are padded to line up in plain text too. */
final class MarkdownTable {

    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Headers starting with '>' are right-aligned (the '>' is dropped). */
    MarkdownTable(String... headers) {
        this.headers = new ArrayList<>();
        this.rightAligned = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            rightAligned[i] = headers[i].startsWith(">");
            this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    MarkdownTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size()
                    + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c).replace("|", "\\|"));
        }
        rows.add(row);
        return this;
    }

    String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = Math.max(3, headers.get(i).length());
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, headers, width);
        s.append('|');
        for (int i = 0; i < width.length; i++) {
            s.append(' ').append(rightAligned[i] ? "-".repeat(width[i] - 1) + ":" : "-".repeat(width[i])).append(" |");
        }
        s.append('\n');
        for (List<String> row : rows) {
            line(s, row, width);
        }
        return s.toString();
    }

    private void line(StringBuilder s, List<String> cells, int[] width) {
        s.append('|');
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            s.append(' ').append(rightAligned[i] ? pad + c : c + pad).append(" |");
        }
        s.append('\n');
    }
}
