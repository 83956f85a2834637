package dev.switchboard.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578, RFC 2046 §5.1) part by part from a stream,
 * holding at most one buffer ({@value #BUFFER_BYTES} bytes) plus one part's headers: a part's
 * content is itself a stream, so a file of any size passes through without being held.
 *
 * <p>Limits: a part's headers at most {@value #MAX_HEADER_BYTES} bytes, at most {@code maxParts}
 * parts. Anything malformed — no opening boundary, headers too long or without a blank line, no
 * {@code form-data} disposition, a body that ends before the closing boundary — is a
 * {@link MultipartException} whose message says what is wrong; I/O failures of the underlying stream
 * pass through as they are. Not thread-safe.
 *
 * <p>Use: {@code for (Part p; (p = reader.next()) != null; ) { read p.content() or not }}; the rest
 * of an unread part is skipped by the next call to {@link #next()}.
 */
public final class MultipartReader {

    static final int BUFFER_BYTES = 64 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    /** {@code CRLF--boundary}: what ends every part's content. */
    private final byte[] delimiter;
    private final int maxParts;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean eof;
    private int parts;
    private PartContent current;
    private boolean finished;

    /** One part: its form field name, its file name (null for a plain field), its declared type and content. */
    public record Part(String name, String fileName, String contentType, InputStream content) {
    }

    /** A body that is not well-formed multipart. */
    public static final class MultipartException extends IOException {
        MultipartException(String message) {
            super(message);
        }
    }

    /**
     * @param boundary the {@code boundary} parameter of the request's content type
     * @param maxParts most parts accepted
     */
    public MultipartReader(InputStream in, String boundary, int maxParts) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("a multipart boundary has 1 to 70 characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxParts = maxParts;
        this.buffer = new byte[BUFFER_BYTES + delimiter.length];
        // the opening boundary has no CRLF before it: pretend it does, so that one delimiter fits all
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /**
     * The {@code boundary} parameter of a {@code multipart/form-data} content type, or null if the
     * type is not multipart/form-data or names no usable boundary.
     */
    public static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] pieces = contentType.split(";");
        if (!pieces[0].strip().equalsIgnoreCase("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < pieces.length; i++) {
            String piece = pieces[i].strip();
            int equals = piece.indexOf('=');
            if (equals > 0 && piece.substring(0, equals).strip().equalsIgnoreCase("boundary")) {
                String value = unquote(piece.substring(equals + 1).strip());
                return value.isEmpty() || value.length() > 70 ? null : value;
            }
        }
        return null;
    }

    /**
     * The next part, or null after the closing boundary. Skips what is left of the previous part.
     *
     * @throws MultipartException when the body is malformed or has more than {@code maxParts} parts
     */
    public Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            skipPreamble();
        } else {
            current.skipRest();
        }
        // after a delimiter: "--" closes the body; else optional padding and CRLF, then headers
        if (!fill(2)) {
            throw new MultipartException("the body ends after a boundary, without the closing '--'");
        }
        if (buffer[position] == '-' && buffer[position + 1] == '-') {
            finished = true;
            current = null;
            return null;
        }
        String padding = line(256, "boundary line");
        if (!padding.isBlank()) {
            throw new MultipartException("unexpected characters after a boundary");
        }
        if (++parts > maxParts) {
            throw new MultipartException("more than " + maxParts + " parts");
        }
        Map<String, String> headers = headers();
        String disposition = headers.get("content-disposition");
        if (disposition == null) {
            throw new MultipartException("part " + parts + " has no Content-Disposition header");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String type = parameters(disposition, params);
        if (!type.equalsIgnoreCase("form-data") || !params.containsKey("name")) {
            throw new MultipartException("part " + parts + " is not form-data with a name: Content-Disposition: "
                    + abbreviate(disposition));
        }
        String fileName = params.containsKey("filename*") ? extended(params.get("filename*")) : params.get("filename");
        current = new PartContent();
        return new Part(params.get("name"), fileName, headers.get("content-type"), current);
    }

    private void skipPreamble() throws IOException {
        PartContent preamble = new PartContent();
        preamble.skipRest();
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = line(MAX_HEADER_BYTES - total, "part headers");
            total += line.length() + 2;
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("part " + parts + " has a header line without a name: " + abbreviate(line));
            }
            headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    /** One CRLF-terminated line of at most {@code max} bytes, as UTF-8 (browsers send file names so). */
    private String line(int max, String what) throws IOException {
        int length = 0;
        while (true) {
            if (!fill(length + 2)) {
                throw new MultipartException("the body ends inside the " + what);
            }
            if (buffer[position + length] == '\r' && buffer[position + length + 1] == '\n') {
                String line = new String(buffer, position, length, StandardCharsets.UTF_8);
                position += length + 2;
                return line;
            }
            length++;
            if (length + 2 > max || length + 2 > BUFFER_BYTES) {
                throw new MultipartException("the " + what + " are longer than " + Math.min(max, BUFFER_BYTES) + " bytes");
            }
        }
    }

    /** Makes at least {@code n} unread bytes available, unless the stream ends first. */
    private boolean fill(int n) throws IOException {
        if (limit - position >= n) {
            return true;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < n && !eof) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        return limit - position >= n;
    }

    /** Index of the delimiter in the unread bytes, or -1. */
    private int indexOfDelimiter() {
        byte first = delimiter[0];
        int last = limit - delimiter.length;
        outer:
        for (int i = position; i <= last; i++) {
            if (buffer[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The content of the current part: ends where the delimiter starts. */
    private final class PartContent extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] to, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            while (true) {
                int found = indexOfDelimiter();
                if (found == position) {
                    position += delimiter.length;
                    done = true;
                    return -1;
                }
                // bytes before a possible delimiter start are content for sure
                int safe = found >= 0 ? found : Math.max(position, limit - delimiter.length + 1);
                if (safe > position) {
                    int n = Math.min(length, safe - position);
                    System.arraycopy(buffer, position, to, offset, n);
                    position += n;
                    return n;
                }
                if (eof) {
                    throw new MultipartException("the body ends before its closing boundary");
                }
                int before = limit - position;
                fill(before + 1);
                if (limit - position == before) {
                    throw new MultipartException("the body ends before its closing boundary");
                }
            }
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }
    }

    /** The value before the first ';' and the parameters after it, lower-case names, values unquoted. */
    static String parameters(String header, Map<String, String> params) {
        int i = header.indexOf(';');
        String value = (i < 0 ? header : header.substring(0, i)).strip();
        while (i >= 0 && i < header.length()) {
            int start = i + 1;
            int equals = header.indexOf('=', start);
            int semicolon = header.indexOf(';', start);
            if (equals < 0) {
                break;
            }
            if (semicolon >= 0 && semicolon < equals) { // a parameter without a value
                i = semicolon;
                continue;
            }
            String name = header.substring(start, equals).strip().toLowerCase(Locale.ROOT);
            int j = equals + 1;
            while (j < header.length() && header.charAt(j) == ' ') {
                j++;
            }
            StringBuilder v = new StringBuilder();
            if (j < header.length() && header.charAt(j) == '"') {
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    v.append(c);
                    j++;
                }
                i = header.indexOf(';', j);
            } else {
                i = header.indexOf(';', j);
                v.append(header, j, i < 0 ? header.length() : i);
            }
            params.putIfAbsent(name, v.toString().strip());
        }
        return value;
    }

    /** An RFC 5987 value {@code UTF-8''a%20b.pdf}; anything else as it is. */
    private static String extended(String value) {
        int quote = value.indexOf("''");
        if (quote < 0) {
            return value;
        }
        String encoded = value.substring(quote + 2);
        byte[] bytes = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length()) {
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    bytes[n++] = (byte) (hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            bytes[n++] = (byte) c;
        }
        return new String(Arrays.copyOf(bytes, n), StandardCharsets.UTF_8);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1)
                : value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
