package dev.switchboard.server.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.ingest.DocumentJson;
import dev.switchboard.retrieval.ingest.DocumentParser;
import dev.switchboard.retrieval.ingest.DocumentSink;
import dev.switchboard.retrieval.ingest.FileFormats;
import dev.switchboard.retrieval.ingest.Ingestor;
import dev.switchboard.server.http.MultipartReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Multipart uploads to {@code POST /v1/collections/{name}/documents}: one or more {@code file} parts
 * (read by the same parsers as {@code switchboard ingest}: {@value FileFormats#SUPPORTED}, by file
 * name extension, else by the part's content type), and optional fields {@code id} (one per file, in
 * the files' order: the document id of a single-document file; default its file name) and
 * {@code metadata} (a JSON object of fields given to every document of the upload).
 *
 * <p>Files stream to temporary files (deleted before the answer), never into memory; each is then
 * parsed and ingested in turn, so memory holds one file's documents at a time. A file that is
 * unsupported, larger than {@code maxFileBytes}, corrupt or empty fails on its own line of the answer
 * and the others go on; a malformed upload (bad fields, broken multipart) is refused whole with 400
 * before anything is indexed. Thread-safe; one call per request.
 */
public final class DocumentUploads {

    /** Parts an upload may have. */
    public static final int MAX_PARTS = 1000;
    /** Bytes a plain field ({@code id}, {@code metadata}) may have. */
    static final int MAX_FIELD_BYTES = 64 * 1024;
    private static final int BATCH_DOCUMENTS = 64;

    private final Retrieval retrieval;
    private final FileFormats formats;
    private final long maxFileBytes;

    public DocumentUploads(Retrieval retrieval) {
        this.retrieval = retrieval;
        this.formats = new FileFormats(retrieval.settings().maxDocumentChars());
        this.maxFileBytes = retrieval.settings().maxFileBytes();
    }

    /** One file of the upload: stored in {@code temp}, or already failed with {@code error}. */
    private record Upload(String fileName, String extension, Path temp, String error) {
    }

    /**
     * An upload read off the wire: its files in temporary files, its fields checked. Closing it
     * deletes the files.
     */
    public static final class Received implements AutoCloseable {
        private final List<Upload> files = new ArrayList<>();
        private final List<String> ids = new ArrayList<>();
        private Map<String, List<String>> metadata = Map.of();

        private Received() {
        }

        @Override
        public void close() {
            for (Upload upload : files) {
                if (upload.temp != null) {
                    try {
                        Files.deleteIfExists(upload.temp);
                        Files.deleteIfExists(upload.temp.getParent());
                    } catch (IOException e) {
                        upload.temp.toFile().deleteOnExit();
                        upload.temp.getParent().toFile().deleteOnExit();
                    }
                }
            }
        }
    }

    /**
     * Reads every part of an upload, streaming its files to temporary files. Nothing is indexed yet,
     * so a malformed upload is refused whole.
     *
     * @throws ApiException 400 for a malformed upload (bad multipart, unknown or bad fields, no file)
     * @throws IOException when the client's stream fails
     */
    public Received receive(MultipartReader reader) throws IOException {
        Received received = new Received();
        try {
            JsonNode metadataJson = null;
            try {
                for (MultipartReader.Part part; (part = reader.next()) != null; ) {
                    switch (part.name()) {
                        case "file" -> received.files.add(store(part));
                        case "id" -> received.ids.add(field(part));
                        case "metadata" -> {
                            if (metadataJson != null) {
                                throw Errors.badRequest("metadata", "give 'metadata' once: one JSON object for every file");
                            }
                            metadataJson = metadata(field(part));
                        }
                        default -> throw Errors.badRequest(part.name(), "unknown form field '" + part.name()
                                + "'; an upload has 'file' parts (one or more), and optionally 'id' (one per file)"
                                + " and 'metadata' (a JSON object)");
                    }
                }
            } catch (MultipartReader.MultipartException e) {
                throw Errors.badRequest(null, "the multipart/form-data body is malformed: " + e.getMessage());
            }
            if (received.files.isEmpty()) {
                throw Errors.badRequest("file", "send one or more files as form parts named 'file'"
                        + " (curl -F file=@handbook.pdf)");
            }
            if (!received.ids.isEmpty() && received.ids.size() != received.files.size()) {
                throw Errors.badRequest("id", "give one 'id' per file, in the files' order, or none; got "
                        + received.ids.size() + " for " + received.files.size() + " files");
            }
            try {
                received.metadata = DocumentJson.metadata(metadataJson, "of the upload");
            } catch (IllegalArgumentException e) {
                throw Errors.badRequest("metadata", e.getMessage());
            }
            return received;
        } catch (IOException | RuntimeException e) {
            received.close();
            throw e;
        }
    }

    /**
     * Parses and ingests the files of an upload into {@code collection}, one after the other. Answers
     * {@code {"object": "list", "data": [{"id", "file", "status", "chunks", "error"?}]}}, one entry
     * per document (a file that could not be read: one entry, with the id it would have had).
     *
     * @throws ApiException 404 when the collection does not exist
     */
    public ObjectNode ingest(String collection, Caller caller, Received received) {
        ObjectNode answer = Json.object();
        answer.put("object", "list");
        ArrayNode data = answer.putArray("data");
        for (int i = 0; i < received.files.size(); i++) {
            ingest(collection, caller, received.files.get(i), received.ids.isEmpty() ? null : received.ids.get(i),
                    received.metadata, data);
        }
        retrieval.commit();
        return answer;
    }

    /** Streams a file part to a temporary file, unless it is unsupported or too large (then it is skipped). */
    private Upload store(MultipartReader.Part part) throws IOException {
        String fileName = part.fileName() == null ? "" : part.fileName().replace('\\', '/').strip();
        InputStream content = part.content();
        if (fileName.isEmpty()) {
            return new Upload("", "", null, "a 'file' part needs a file name (curl -F file=@NAME); its extension"
                    + " says how to read it");
        }
        String extension = formats.extension(fileName, part.contentType());
        DocumentParser parser = formats.parser(extension).orElse(null);
        if (parser == null) {
            return new Upload(fileName, extension, null, "unsupported file type '" + (extension.isEmpty() ? fileName
                    : "." + extension) + "'; supported: " + FileFormats.SUPPORTED);
        }
        // in a folder of its own under its own name: parsers that fall back on the file name for a title see it
        Path temp = Files.createTempDirectory("switchboard-upload-").resolve(localName(fileName, extension));
        long size = 0;
        try (OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = content.read(buffer)) >= 0; ) {
                size += n;
                if (size <= maxFileBytes || FileFormats.manyDocuments(extension)) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(temp.getParent());
            throw e;
        }
        if (size > maxFileBytes && !FileFormats.manyDocuments(extension)) {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(temp.getParent());
            return new Upload(fileName, extension, null, Ingestor.tooLarge(size, maxFileBytes));
        }
        return new Upload(fileName, extension, temp, null);
    }

    /** The last segment of an uploaded file's name, safe as a local file name, ending in {@code .extension}. */
    static String localName(String fileName, String extension) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1).replaceAll("[\\x00-\\x1f]", "_");
        if (name.length() > 150) {
            name = name.substring(name.length() - 150);
        }
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.startsWith(".")) {
            name = "upload" + name;
        }
        return FileFormats.extension(name).equals(extension) ? name : name + "." + extension;
    }

    private static String field(MultipartReader.Part part) throws IOException {
        byte[] bytes = part.content().readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw Errors.badRequest(part.name(), "the form field '" + part.name() + "' is longer than "
                    + MAX_FIELD_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static JsonNode metadata(String text) {
        try {
            JsonNode node = Json.parse(text.getBytes(StandardCharsets.UTF_8));
            if (!node.isObject()) {
                throw Errors.badRequest("metadata", "'metadata' must be a JSON object, e.g. {\"deck\": \"hr\"}");
            }
            return node;
        } catch (IOException e) {
            throw Errors.badRequest("metadata", "'metadata' is not JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /** Parses one stored file and ingests its documents, adding their outcomes to {@code data}. */
    private void ingest(String collection, Caller caller, Upload upload, String id, Map<String, List<String>> metadata,
                        ArrayNode data) {
        boolean many = FileFormats.manyDocuments(upload.extension);
        String documentId = id != null && !id.isEmpty() ? id : upload.fileName;
        if (upload.error != null) {
            failed(data, many ? null : documentId, upload.fileName, upload.error);
            return;
        }
        if (many && id != null && !id.isEmpty()) {
            failed(data, null, upload.fileName, "a ." + upload.extension + " file holds its own document ids; give it"
                    + " an empty 'id'");
            return;
        }
        List<Document> batch = new ArrayList<>();
        DocumentSink sink = new DocumentSink() {
            @Override
            public void document(Document document) {
                batch.add(withMetadata(document, many ? document.id() : documentId, upload.fileName, metadata, caller));
                if (batch.size() >= BATCH_DOCUMENTS) {
                    flush(collection, batch, upload.fileName, data);
                }
            }

            @Override
            public void problem(String where, String message) {
                failed(data, null, upload.fileName, where + ": " + message);
            }
        };
        try {
            formats.parser(upload.extension).orElseThrow().parse(upload.temp, documentId, sink);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            batch.clear();
            // parsers may name the file they read: the caller knows it by its own name
            failed(data, many ? null : documentId, upload.fileName,
                    "cannot read: " + describe(e).replace(upload.temp.getParent().toString() + "/", ""));
            return;
        }
        flush(collection, batch, upload.fileName, data);
    }

    private void flush(String collection, List<Document> batch, String fileName, ArrayNode data) {
        if (batch.isEmpty()) {
            return;
        }
        List<Document> documents = List.copyOf(batch);
        batch.clear();
        List<Retrieval.Outcome> outcomes;
        try {
            outcomes = retrieval.ingest(collection, documents);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) { // embedding or the store failed: these documents are not written
            for (Document document : documents) {
                failed(data, document.id(), fileName, "could not be indexed: " + describe(e));
            }
            return;
        }
        for (Retrieval.Outcome outcome : outcomes) {
            ObjectNode item = data.addObject();
            item.put("id", outcome.documentId());
            item.put("file", fileName);
            item.put("status", outcome.status().name().toLowerCase(Locale.ROOT));
            item.put("chunks", outcome.chunks());
            if (outcome.error() != null) {
                item.put("error", outcome.error());
            }
        }
    }

    /**
     * The document with its id, {@code source} the uploaded file name, the upload's metadata over its
     * own, and the caller's tenant stamped on it as {@link RetrievalApi#documents} does.
     */
    private static Document withMetadata(Document document, String id, String fileName, Map<String, List<String>> upload,
                                         Caller caller) {
        Map<String, List<String>> metadata = new LinkedHashMap<>(document.metadata());
        metadata.put("source", List.of(fileName));
        metadata.putAll(upload);
        return RetrievalApi.stamp(new Document(id, document.title(), document.text(), metadata), caller);
    }

    private static void failed(ArrayNode data, String id, String fileName, String error) {
        ObjectNode item = data.addObject();
        if (id != null) {
            item.put("id", id);
        }
        item.put("file", fileName);
        item.put("status", "failed");
        item.put("chunks", 0);
        item.put("error", error);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
