package dev.switchboard.retrieval.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file formats ingestion reads, by file name extension, and their parsers: what both
 * {@code switchboard ingest} and uploads to {@code POST /v1/collections/{name}/documents} use, so
 * that a file is read the same way by either. Immutable and thread-safe.
 */
public final class FileFormats {

    /** The supported extensions, for messages. */
    public static final String SUPPORTED = ".txt .md .html .htm .pdf .docx .jsonl .ndjson";

    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "text/plain", "txt",
            "text/markdown", "md",
            "text/x-markdown", "md",
            "text/html", "html",
            "application/pdf", "pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            "application/jsonl", "jsonl",
            "application/x-ndjson", "ndjson");

    private final Map<String, DocumentParser> parsers;

    /**
     * @param maxDocumentChars longest document text read: a text file or JSON line that is longer is
     *     refused as soon as it passes it
     */
    public FileFormats(int maxDocumentChars) {
        DocumentParser text = new TextParser(maxDocumentChars);
        DocumentParser html = new HtmlParser();
        DocumentParser jsonl = new JsonLinesParser(maxDocumentChars);
        this.parsers = Map.of("txt", text, "md", text, "markdown", text, "html", html, "htm", html,
                "pdf", new PdfParser(), "docx", new DocxParser(), "jsonl", jsonl, "ndjson", jsonl);
    }

    /** The parser of files with this extension (lower case, without the dot), if it is supported. */
    public Optional<DocumentParser> parser(String extension) {
        return Optional.ofNullable(parsers.get(extension));
    }

    /**
     * The extension that says how to read an uploaded file: its name's, when supported, else the one
     * its declared media type stands for ({@code application/pdf} → {@code pdf}), else its name's.
     *
     * @param mediaType the declared type, parameters allowed, or null
     */
    public String extension(String fileName, String mediaType) {
        String extension = extension(fileName);
        if (parsers.containsKey(extension) || mediaType == null) {
            return extension;
        }
        String type = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return MEDIA_TYPES.getOrDefault(type, extension);
    }

    /** Whether files of this extension hold many documents, each with its own id (JSON Lines). */
    public static boolean manyDocuments(String extension) {
        return extension.equals("jsonl") || extension.equals("ndjson");
    }

    /** The lower-case extension of a file name, without the dot; empty when it has none. */
    public static String extension(String fileName) {
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        String name = fileName.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
