package dev.switchboard.retrieval.ingest;

import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.Retrieval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ingests files and folders into a collection: {@code .txt .md .html .htm .pdf .docx} are one
 * document each (id: the path relative to the folder given, or the file name), {@code .jsonl}
 * and {@code .ndjson} one per line with their own ids. Documents go to {@link Retrieval#ingest} in
 * batches, so embedding runs on full batches across all cores.
 *
 * <p>A file that is too large, of an unsupported type or corrupt, a bad JSON line, or a document that
 * cannot be indexed is reported to the listener and skipped; the rest continues. When a batch fails
 * (embedding or the store), its documents are retried one by one so that only the culprit is lost.
 * Memory is bounded by one batch plus the largest single-document file ({@code maxFileBytes}).
 * Not thread-safe: one ingestion per instance at a time.
 */
public final class Ingestor {

    /** File extensions (lower case) read, and their parsers. */
    private final Map<String, DocumentParser> parsers;
    private final Retrieval retrieval;
    private final long maxFileBytes;
    private final int batchDocuments;
    private final IngestListener listener;

    /**
     * @param maxFileBytes largest single-document file read (JSON Lines files may be larger: their
     *     lines are limited instead)
     * @param batchDocuments documents embedded and stored together
     */
    public Ingestor(Retrieval retrieval, long maxFileBytes, int batchDocuments, IngestListener listener) {
        this.retrieval = retrieval;
        this.maxFileBytes = maxFileBytes;
        this.batchDocuments = batchDocuments;
        this.listener = listener;
        DocumentParser text = new TextParser();
        DocumentParser html = new HtmlParser();
        DocumentParser jsonl = new JsonLinesParser(retrieval.settings().maxDocumentChars());
        this.parsers = Map.of("txt", text, "md", text, "markdown", text, "html", html, "htm", html,
                "pdf", new PdfParser(), "docx", new DocxParser(), "jsonl", jsonl, "ndjson", jsonl);
    }

    /** Totals of one ingestion. */
    public record Report(int files, long documents, long unchanged, long chunks, long failed) {
    }

    /**
     * Ingests every supported file under {@code paths} (files, or folders walked recursively; hidden
     * files skipped) into {@code collection}, which must exist.
     */
    public Report ingest(String collection, List<Path> paths) {
        retrieval.collection(collection);
        List<Source> sources = new ArrayList<>();
        for (Path path : paths) {
            collect(path, sources);
        }
        long totalBytes = sources.stream().mapToLong(s -> s.size).sum();
        listener.started(sources.size(), totalBytes);
        Run run = new Run(collection);
        for (Source source : sources) {
            run.file(source);
        }
        run.flush();
        retrieval.commit();
        return new Report(sources.size(), run.indexed, run.unchanged, run.chunks, run.failed);
    }

    private void collect(Path path, List<Source> sources) {
        if (!Files.exists(path)) {
            listener.problem(path.toString(), "no such file or folder");
            return;
        }
        if (Files.isRegularFile(path)) {
            add(path, path.getFileName().toString(), sources);
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(path.relativize(p)))
                    .sorted()
                    .forEach(p -> add(p, path.relativize(p).toString().replace('\\', '/'), sources));
        } catch (IOException | UncheckedIOException e) {
            listener.problem(path.toString(), "cannot list the folder: " + e.getMessage());
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private void add(Path file, String id, List<Source> sources) {
        String extension = extension(file);
        DocumentParser parser = parsers.get(extension);
        if (parser == null) {
            listener.problem(file.toString(), "unsupported file type '" + (extension.isEmpty() ? file.getFileName() : "." + extension)
                    + "'; supported: .txt .md .html .htm .pdf .docx .jsonl .ndjson");
            return;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            listener.problem(file.toString(), "cannot read: " + e.getMessage());
            return;
        }
        boolean lines = extension.equals("jsonl") || extension.equals("ndjson");
        if (!lines && size > maxFileBytes) {
            listener.problem(file.toString(), "the file is " + megabytes(size) + ", larger than the limit of "
                    + megabytes(maxFileBytes) + " (retrieval.max_file_bytes)");
            return;
        }
        sources.add(new Source(file, id, parser, size));
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String megabytes(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%,d bytes", bytes)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private record Source(Path file, String id, DocumentParser parser, long size) {
    }

    /** The state of one ingestion: the pending batch and the totals. */
    private final class Run implements DocumentSink {
        final String collection;
        final List<Document> batch = new ArrayList<>();
        Source current;
        long bytesDone;
        long readInFile;
        long indexed;
        long unchanged;
        long chunks;
        long failed;

        Run(String collection) {
            this.collection = collection;
        }

        void file(Source source) {
            current = source;
            readInFile = 0;
            try {
                source.parser.parse(source.file, source.id, this);
            } catch (IOException | RuntimeException e) {
                failed++;
                listener.problem(source.file.toString(), "cannot read: " + describe(e));
            }
            bytesDone += source.size;
            readInFile = 0;
            if (batch.isEmpty()) {
                listener.progress(bytesDone, indexed + unchanged, chunks);
            }
        }

        @Override
        public void document(Document document) {
            batch.add(document);
            if (batch.size() >= batchDocuments) {
                flush();
            }
        }

        @Override
        public void read(long bytes) {
            readInFile = Math.min(bytes, current.size);
        }

        @Override
        public void problem(String where, String message) {
            failed++;
            listener.problem(current.file + " " + where, message);
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<Document> documents = List.copyOf(batch);
            batch.clear();
            try {
                count(retrieval.ingest(collection, documents));
            } catch (RuntimeException batchFailure) {
                for (Document document : documents) { // find the document that broke the batch
                    try {
                        count(retrieval.ingest(collection, List.of(document)));
                    } catch (RuntimeException e) {
                        failed++;
                        listener.problem(current.file + " document " + document.id(), describe(e));
                    }
                }
            }
            listener.progress(bytesDone + readInFile, indexed + unchanged, chunks);
        }

        private void count(List<Retrieval.Outcome> outcomes) {
            for (Retrieval.Outcome outcome : outcomes) {
                switch (outcome.status()) {
                    case INDEXED -> {
                        indexed++;
                        chunks += outcome.chunks();
                    }
                    case UNCHANGED -> unchanged++;
                    case FAILED -> {
                        failed++;
                        listener.problem(current.file + " document " + outcome.documentId(), outcome.error());
                    }
                }
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
