package dev.switchboard.bench;

import java.io.IOException;

/**
 * Status line and the headers that frame an HTTP/1.1 response body.
 *
 * @param status         HTTP status code
 * @param contentLength  Content-Length, or -1 when absent
 * @param chunked        Transfer-Encoding: chunked
 * @param closes         the server will close the connection after this response
 * @param serverTiming   the Server-Timing field value (several lines joined with ", "), or null when absent
 */
record ResponseHead(int status, long contentLength, boolean chunked, boolean closes, String serverTiming) {

    /** Reads a response head, skipping any interim 1xx responses. */
    static ResponseHead read(HttpInput input) throws IOException {
        while (true) {
            ResponseHead head = readOne(input);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
        }
    }

    private static ResponseHead readOne(HttpInput input) throws IOException {
        Builder head = new Builder(input.readLine());
        String line;
        while (!(line = input.readLine()).isEmpty()) {
            head.header(line);
        }
        return head.build();
    }

    /** Builds a head from its status line and header lines, for blocking and push-style readers alike. */
    static final class Builder {
        private final int status;
        private final boolean http10;
        private long contentLength = -1;
        private boolean chunked;
        private boolean closes;
        private String serverTiming;

        Builder(String statusLine) throws IOException {
            // "HTTP/1.1 200 OK": the code is the three characters after the first space.
            int space = statusLine.indexOf(' ');
            if (!statusLine.startsWith("HTTP/1.") || space < 0 || statusLine.length() < space + 4) {
                throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
            }
            try {
                status = Integer.parseInt(statusLine, space + 1, space + 4, 10);
            } catch (NumberFormatException e) {
                throw new IOException("bad status code in: " + abbreviate(statusLine));
            }
            http10 = statusLine.startsWith("HTTP/1.0");
            closes = http10;
        }

        void header(String line) throws IOException {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return;
            }
            String value = line.substring(colon + 1).trim();
            if (isHeader(line, colon, "content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + abbreviate(value));
                }
            } else if (isHeader(line, colon, "transfer-encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (isHeader(line, colon, "connection")) {
                String v = value.toLowerCase(java.util.Locale.ROOT);
                closes = v.contains("close") || (http10 && !v.contains("keep-alive"));
            } else if (isHeader(line, colon, "server-timing")) {
                serverTiming = serverTiming == null ? value : serverTiming + ", " + value;
            }
        }

        ResponseHead build() {
            return new ResponseHead(status, contentLength, chunked, closes, serverTiming);
        }
    }

    /** The gateway's own time from {@code Server-Timing: gateway;dur=...}, µs, or {@link ServerTiming#NONE}. */
    long gatewayMicros() {
        return ServerTiming.durationMicros(serverTiming, ServerTiming.GATEWAY);
    }

    /** Whether the body runs until the server closes the connection. */
    boolean delimitedByClose() {
        return !chunked && contentLength < 0 && hasBody();
    }

    /** Whether a body follows (not for 1xx, 204 and 304). */
    boolean hasBody() {
        return status >= 200 && status != 204 && status != 304;
    }

    /** Reads the whole body, passing its bytes (de-chunked) to {@code sink}. */
    void readBody(HttpInput input, HttpInput.SliceSink sink) throws IOException {
        if (!hasBody()) {
            return;
        }
        if (chunked) {
            while (true) {
                long size = chunkSize(input.readLine());
                if (size == 0) {
                    while (!input.readLine().isEmpty()) {
                        // trailers: ignored
                    }
                    return;
                }
                input.transfer(size, sink);
                if (!input.readLine().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        } else if (contentLength >= 0) {
            input.transfer(contentLength, sink);
        } else {
            input.transferToEnd(sink);
        }
    }

    static long chunkSize(String line) throws IOException {
        int end = line.indexOf(';');
        String hex = (end < 0 ? line : line.substring(0, end)).trim();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line: " + abbreviate(line));
        }
    }

    private static boolean isHeader(String line, int colon, String lowerName) {
        return colon == lowerName.length() && line.regionMatches(true, 0, lowerName, 0, colon);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
