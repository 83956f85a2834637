package dev.switchboard.retrieval.ingest;

import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.Retrieval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ingests files and folders into a collection: {@code .txt .md .html .htm .pdf .docx} are one
 * document each (id: the path relative to the folder given, or the file name), {@code .jsonl}
 * and {@code .ndjson} one per line with their own ids. Documents go to {@link Retrieval#ingest} in
 * batches, so embedding runs on full batches across all cores.
 *
 * <p>A file that is too large, of an unsupported type or corrupt, a bad JSON line, or a document that
 * cannot be indexed is reported to the listener and skipped; the rest continues. When a batch fails
 * (embedding or the store), its documents are retried one by one so that only the culprit is lost.
 *
 * <p>Memory does not grow with the number or total size of the files: folders are walked twice
 * (once to count bytes for progress, once to ingest) one directory at a time, never listed whole;
 * JSON Lines are streamed; a batch holds at most {@code batchDocuments} documents and
 * {@link #BATCH_CHARS} characters of text (a larger document is a batch of its own); a file read
 * whole is at most {@code maxFileBytes}. Not thread-safe: one ingestion per instance at a time.
 */
public final class Ingestor {

    /** Text characters a batch holds at most before it is embedded and stored (one larger document may exceed it). */
    public static final int BATCH_CHARS = 4_000_000;

    private final FileFormats formats;
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
        this.formats = new FileFormats(retrieval.settings().maxDocumentChars());
    }

    /** Totals of one ingestion. */
    public record Report(int files, long documents, long unchanged, long chunks, long failed) {
    }

    /**
     * Ingests every supported file under {@code paths} (files, or folders walked recursively in name
     * order; hidden files skipped) into {@code collection}, which must exist.
     */
    public Report ingest(String collection, List<Path> paths) {
        retrieval.collection(collection);
        long[] totals = new long[2]; // files, bytes
        for (Path path : paths) {
            walk(path, (source, problem) -> {
                if (source != null) {
                    totals[0]++;
                    totals[1] += source.size;
                }
            });
        }
        listener.started((int) Math.min(Integer.MAX_VALUE, totals[0]), totals[1]);
        Run run = new Run(collection);
        for (Path path : paths) {
            walk(path, (source, problem) -> {
                if (source != null) {
                    run.file(source);
                } else {
                    listener.problem(problem[0], problem[1]);
                }
            });
        }
        run.flush();
        retrieval.commit();
        return new Report(run.files, run.indexed, run.unchanged, run.chunks, run.failed);
    }

    /** Receives each file to ingest (problem null), or a path that cannot be (source null, problem {where, why}). */
    @FunctionalInterface
    private interface Visitor {
        void visit(Source source, String[] problem);
    }

    /** Visits {@code path}: a file, or every file under a folder, depth first, each folder's entries sorted by name. */
    private void walk(Path path, Visitor visitor) {
        if (!Files.exists(path)) {
            visitor.visit(null, new String[] {path.toString(), "no such file or folder"});
        } else if (Files.isRegularFile(path)) {
            visitFile(path, path.getFileName().toString(), visitor);
        } else {
            walkFolder(path, path, visitor);
        }
    }

    private void walkFolder(Path root, Path folder, Visitor visitor) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
            for (Path entry : listing) {
                if (!entry.getFileName().toString().startsWith(".")) {
                    entries.add(entry);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            visitor.visit(null, new String[] {folder.toString(), "cannot list the folder: " + e.getMessage()});
            return;
        }
        entries.sort(null);
        for (Path entry : entries) {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                walkFolder(root, entry, visitor);
            } else if (Files.isRegularFile(entry)) {
                visitFile(entry, root.relativize(entry).toString().replace('\\', '/'), visitor);
            }
        }
    }

    private void visitFile(Path file, String id, Visitor visitor) {
        String extension = FileFormats.extension(file.getFileName().toString());
        DocumentParser parser = formats.parser(extension).orElse(null);
        if (parser == null) {
            visitor.visit(null, new String[] {file.toString(), "unsupported file type '"
                    + (extension.isEmpty() ? file.getFileName() : "." + extension) + "'; supported: " + FileFormats.SUPPORTED});
            return;
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            visitor.visit(null, new String[] {file.toString(), "cannot read: " + e.getMessage()});
            return;
        }
        if (!FileFormats.manyDocuments(extension) && size > maxFileBytes) {
            visitor.visit(null, new String[] {file.toString(), tooLarge(size, maxFileBytes)});
            return;
        }
        visitor.visit(new Source(file, id, parser, size), null);
    }

    /** The message for a single-document file over the limit. */
    public static String tooLarge(long size, long maxFileBytes) {
        return "the file is " + megabytes(size) + ", larger than the limit of " + megabytes(maxFileBytes)
                + " (retrieval.max_file_bytes)";
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
        long batchChars;
        Source current;
        int files;
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
            files++;
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
            batchChars += document.text().length();
            if (batch.size() >= batchDocuments || batchChars >= BATCH_CHARS) {
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
            batchChars = 0;
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
