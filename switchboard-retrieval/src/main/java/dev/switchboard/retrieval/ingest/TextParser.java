package dev.switchboard.retrieval.ingest;

import dev.switchboard.retrieval.Document;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text and Markdown ({@code .txt}, {@code .md}): one document, UTF-8. The title is the first
 * level-1 heading, else the file name without extension. Markdown headings become the chunks'
 * heading paths. A file is decoded as it is read and refused as soon as it passes
 * {@code maxChars} characters (a document could not be indexed anyway), so that reading it never
 * holds more than that, whatever the file's size.
 */
final class TextParser implements DocumentParser {

    private static final Pattern FIRST_HEADING = Pattern.compile("(?m)^#\\s+(.+?)\\s*#*\\s*$");

    private final int maxChars;

    TextParser(int maxChars) {
        this.maxChars = maxChars;
    }

    @Override
    public void parse(Path file, String id, DocumentSink sink) throws IOException {
        String text;
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            StringBuilder read = new StringBuilder((int) Math.min(Files.size(file), maxChars + 1L));
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (read.length() + n > maxChars) {
                    throw new IOException("the document has more than " + maxChars + " characters, the limit");
                }
                read.append(buffer, 0, n);
            }
            text = read.toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Matcher heading = FIRST_HEADING.matcher(text);
        String title = heading.find() ? heading.group(1) : baseName(file);
        sink.document(new Document(id, title, text, Map.of("source", List.of(id))));
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
