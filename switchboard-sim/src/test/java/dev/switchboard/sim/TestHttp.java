package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real HTTP client for the simulator's tests: java.net.http for ordinary calls, raw sockets to watch the wire. */
final class TestHttp {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {
    }

    static HttpResponse<String> post(Simulator sim, String path, String body) {
        return send(HttpRequest.newBuilder(uri(sim, path))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static HttpResponse<String> get(Simulator sim, String path) {
        return send(HttpRequest.newBuilder(uri(sim, path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** {@code path} relative to the base URL, e.g. {@code /chat/completions}; or absolute from the root with "//". */
    static URI uri(Simulator sim, String path) {
        return URI.create(path.startsWith("//") ? sim.baseUrl().replace("/v1", "") + path.substring(1)
                : sim.baseUrl() + path);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON payloads of every {@code data:} event before {@code [DONE]}. */
    static List<JsonNode> events(String sse) {
        List<JsonNode> events = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            if (event.startsWith("data: ") && !event.equals("data: [DONE]")) {
                events.add(json(event.substring("data: ".length())));
            }
        }
        return events;
    }

    /** Opens a socket and sends a POST with a JSON body over HTTP/1.1, asking to close after the answer. */
    static Socket openPost(Simulator sim, String path, String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", sim.port());
        socket.setSoTimeout(10_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket;
    }

    /** Everything the server sends until it closes the connection (a reset also ends the read). */
    static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // an abrupt close may arrive as a reset; what was received so far is the answer
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Reads until {@code marker} has been received, and returns what was read. */
    static String readUntil(Socket socket, String marker) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        while (!received.toString(StandardCharsets.UTF_8).contains(marker)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before '" + marker + "' in: " + received);
            }
            received.write(b);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Polls {@code condition} every 10 ms for up to 5 s; true as soon as it holds. */
    static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
