package dev.switchboard.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny OpenAI-compatible upstream that records the headers of every request it gets and answers
 * a chat completion (or a stream) of one word — or, when told, breaks the stream with an error event
 * whose message quotes whatever the test wants (an upstream echoing the request).
 */
final class RecordingUpstream implements AutoCloseable {

    final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile String errorMessage;

    RecordingUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::chat);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** From now on, streams break after their first word with an error event saying {@code message}. */
    void breakStreamsWith(String message) {
        this.errorMessage = message;
    }

    private void chat(HttpExchange exchange) throws IOException {
        Map<String, String> seen = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        headers.add(seen);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!body.replace(" ", "").contains("\"stream\":true")) {
            byte[] whole = ("{\"id\":\"chatcmpl-rec\",\"object\":\"chat.completion\",\"created\":1,"
                    + "\"model\":\"rec-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, whole.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(whole);
            }
            return;
        }
        exchange.getResponseHeaders().add("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        String chunk = "{\"id\":\"chatcmpl-rec\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"rec-model\","
                + "\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}";
        try (OutputStream out = exchange.getResponseBody()) {
            event(out, chunk.formatted("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
            event(out, chunk.formatted("{\"content\":\"Hello\"}", "null"));
            String error = errorMessage;
            if (error != null) {
                event(out, "{\"error\":{\"message\":\"" + error + "\",\"type\":\"server_error\"}}");
                return;
            }
            event(out, chunk.formatted("{}", "\"stop\""));
            event(out, "{\"id\":\"chatcmpl-rec\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"rec-model\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void event(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
