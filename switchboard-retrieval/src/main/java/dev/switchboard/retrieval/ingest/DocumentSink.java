package dev.switchboard.retrieval.ingest;

import dev.switchboard.retrieval.Document;

/** Where a parser puts what it reads from one file. */
public interface DocumentSink {

    /** A document read from the file. */
    void document(Document document);

    /** A part of the file that could not be read (a bad JSON line); the rest goes on. */
    void problem(String where, String message);

    /** How far into the file the parser has read, for progress; formats read whole need not call it. */
    default void read(long bytes) {
    }
}
