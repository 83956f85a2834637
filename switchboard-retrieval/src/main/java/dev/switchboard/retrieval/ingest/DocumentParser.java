package dev.switchboard.retrieval.ingest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads documents from one kind of file. Implementations stream where the format allows (JSON Lines
 * is read line by line), so memory stays bounded by one document. Thread-safe.
 */
@FunctionalInterface
public interface DocumentParser {

    /**
     * @param file the file
     * @param id the document id to give a file that holds one document (its path relative to the
     *     folder ingested); formats with their own ids (JSON Lines) use those
     * @throws IOException when the file cannot be read or is not of the format (corrupt); the
     *     message says why
     */
    void parse(Path file, String id, DocumentSink sink) throws IOException;
}
