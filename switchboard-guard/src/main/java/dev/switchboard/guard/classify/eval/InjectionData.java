package dev.switchboard.guard.classify.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled texts for the injection guard: CSV with a header naming {@code text} and {@code label}
 * columns (1 = injection, 0 = not), as deepset/prompt-injections, or TSV lines {@code label<TAB>text}.
 */
public final class InjectionData {

    /** One labelled text. */
    public record Sample(String text, boolean injection) {
    }

    private InjectionData() {
    }

    /** Reads a CSV ({@code .csv}) or TSV file. */
    public static List<Sample> read(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        return file.getFileName().toString().endsWith(".csv") ? csv(content, file) : tsv(content, file);
    }

    static List<Sample> csv(String content, Path file) throws IOException {
        List<List<String>> records = Csv.parse(content);
        if (records.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        int text = records.get(0).indexOf("text");
        int label = records.get(0).indexOf("label");
        if (text < 0 || label < 0) {
            throw new IOException(file + ": the header must name columns 'text' and 'label', was " + records.get(0));
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i < records.size(); i++) {
            List<String> record = records.get(i);
            if (record.size() <= Math.max(text, label)) {
                throw new IOException(file + ": record " + i + " has " + record.size() + " fields");
            }
            samples.add(new Sample(record.get(text), parseLabel(record.get(label).strip(), file, i)));
        }
        return samples;
    }

    /** Lines {@code label<TAB>text}; blank lines and lines starting with {@code #} are skipped. */
    public static List<Sample> tsv(String content, Object source) throws IOException {
        List<Sample> samples = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IOException(source + ": line " + (i + 1) + " has no tab between label and text");
            }
            samples.add(new Sample(line.substring(tab + 1).replace("\\n", "\n"),
                    parseLabel(line.substring(0, tab).strip(), source, i + 1)));
        }
        return samples;
    }

    private static boolean parseLabel(String label, Object source, int line) throws IOException {
        return switch (label) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IOException(source + ": record " + line + " has label '" + label + "'; expected 0 or 1");
        };
    }
}
