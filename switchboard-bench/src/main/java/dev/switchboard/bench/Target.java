package dev.switchboard.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Where load goes and what it sends: a chat-completions request prebuilt as bytes (so sending costs
 * one write), and the connection pool for that address. Thread-safe.
 */
final class Target {

    static final String PROMPT = "Say something short.";

    private final String name;
    private final byte[] request;
    private final boolean streaming;
    private final ConnectionPool pool;
    private final InetSocketAddress address;

    private Target(String name, byte[] request, boolean streaming, ConnectionPool pool, InetSocketAddress address) {
        this.address = address;
        this.name = name;
        this.request = request;
        this.streaming = streaming;
        this.pool = pool;
    }

    /**
     * A {@code POST /v1/chat/completions} target.
     *
     * @param bearerKey  sent as {@code Authorization: Bearer ...}; null sends no Authorization header
     */
    static Target chatCompletions(String name, String host, int port, String model, boolean stream,
                                  String bearerKey, HttpTimeouts timeouts) {
        return chatCompletions(name, host, port, model, stream, bearerKey, timeouts, PROMPT);
    }

    /** As above, with {@code prompt} as the user message. */
    static Target chatCompletions(String name, String host, int port, String model, boolean stream,
                                  String bearerKey, HttpTimeouts timeouts, String prompt) {
        return chatCompletions(name, host, port, model, stream, bearerKey, timeouts, ChatPrompt.user(prompt));
    }

    /** As above, with {@code prompt}'s messages (and tools, if any). */
    static Target chatCompletions(String name, String host, int port, String model, boolean stream,
                                  String bearerKey, HttpTimeouts timeouts, ChatPrompt prompt) {
        String body = prompt.bodyJson(model, stream);
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST /v1/chat/completions HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: ").append(stream ? "text/event-stream" : "application/json").append("\r\n");
        if (bearerKey != null) {
            head.append("Authorization: Bearer ").append(bearerKey).append("\r\n");
        }
        head.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, request, headBytes.length, bodyBytes.length);
        InetSocketAddress address = new InetSocketAddress(host, port);
        ConnectionPool pool = new ConnectionPool(address, timeouts.connectMillis(), timeouts.readMillis());
        return new Target(name, request, stream, pool, address);
    }

    static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    String name() {
        return name;
    }

    byte[] request() {
        return request;
    }

    boolean streaming() {
        return streaming;
    }

    InetSocketAddress address() {
        return address;
    }

    ConnectionPool pool() {
        return pool;
    }

    /** Connect and read timeouts of the load generator's connections, milliseconds. */
    record HttpTimeouts(int connectMillis, int readMillis) {
    }
}
