package dev.switchboard.retrieval.ingest;

/** What an {@link Ingestor} reports as it goes; called on the ingesting thread. */
public interface IngestListener {

    /** Once, before the first file: how much there is to do. */
    default void started(int files, long bytes) {
    }

    /** After each batch of documents is stored, with running totals. */
    default void progress(long bytesDone, long documents, long chunks) {
    }

    /** A file, line or document that could not be ingested; the rest continues. */
    default void problem(String where, String message) {
    }

    IngestListener NONE = new IngestListener() {
    };
}
