package dev.switchboard.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.pipeline.UpstreamWait;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.core.time.Watchdog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream HTTP/1.1 client against a raw socket server that answers exactly as scripted. */
class HttpCallTest {

    private static final byte[] REQUEST = ("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}")
            .getBytes(StandardCharsets.US_ASCII);

    private Watchdog watchdog;
    private UpstreamHttp http;
    private ScriptedServer server;

    @BeforeEach
    void start() throws IOException {
        watchdog = new Watchdog(Ticker.system(), Duration.ofMillis(10));
        http = UpstreamHttp.create(watchdog);
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        watchdog.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsAContentLengthBodyAndReusesTheConnection() throws Exception {
        server = new ScriptedServer((request, out) -> write(out,
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));

        assertThat(call()).isEqualTo("hello");
        assertThat(http.idleConnections(server.origin())).isEqualTo(1);
        assertThat(call()).isEqualTo("hello");

        assertThat(server.connections.get()).as("the second call reused the first connection").isEqualTo(1);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void countsTheTimeBlockedOnTheResponseAsUpstreamWaitOfThatCallOnly() throws Exception {
        server = new ScriptedServer((request, out) -> {
            sleep(50); // the upstream "thinks" before answering
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        });
        UpstreamWait first = new UpstreamWait();
        try (HttpCall call = http.newCall(server.origin(), REQUEST, first)) {
            call.execute(Duration.ofSeconds(5));
            assertThat(call.readBody()).asString().isEqualTo("hello");
        }
        // most of the upstream's 50 ms: its clock may start a little before the client's, once the
        // request is on the wire; the point is that the wait is counted at all
        assertThat(first.nanos()).as("about the upstream's 50 ms").isGreaterThanOrEqualTo(40_000_000L);

        UpstreamWait second = new UpstreamWait();
        long before = first.nanos();
        try (HttpCall call = http.newCall(server.origin(), REQUEST, second)) { // the same pooled connection
            call.execute(Duration.ofSeconds(5));
            call.readBody();
        }
        assertThat(second.nanos()).isGreaterThanOrEqualTo(40_000_000L);
        assertThat(first.nanos()).as("a reused connection counts for its new call only").isEqualTo(before);
        assertThat(UpstreamWait.NONE.nanos()).isZero();
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        server = new ScriptedServer((request, out) -> write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"));

        assertThat(call()).isEqualTo("hello, world");
        assertThat(http.idleConnections(server.origin())).isEqualTo(1);
    }

    @Test
    void skipsInformationalResponses() throws Exception {
        server = new ScriptedServer((request, out) -> write(out,
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        assertThat(call()).isEqualTo("ok");
    }

    @Test
    void closesTheConnectionWhenTheServerSaysSoOrTheBodyRunsUntilClose() throws Exception {
        server = new ScriptedServer((request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            throw new IOException("close");
        });
        assertThat(call()).isEqualTo("ok");
        assertThat(http.idleConnections(server.origin())).isZero();
        server.close();

        server = new ScriptedServer((request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\n\r\nuntil the end");
            throw new IOException("close");
        });
        assertThat(call()).isEqualTo("until the end");
        assertThat(http.idleConnections(server.origin())).isZero();
    }

    @Test
    void retriesOnceOnANewConnectionWhenThePooledOneWasClosedByTheServer() throws Exception {
        AtomicInteger served = new AtomicInteger();
        server = new ScriptedServer((request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            if (served.incrementAndGet() == 1) {
                throw new IOException("close the kept-alive connection, as an idle timeout would");
            }
        });
        assertThat(call()).isEqualTo("ok");
        assertThat(http.idleConnections(server.origin())).isEqualTo(1);
        Thread.sleep(100); // the server has closed it by now

        assertThat(call()).isEqualTo("ok");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void honoursTheServersKeepAliveTimeout() throws Exception {
        server = new ScriptedServer((request, out) -> write(out,
                "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok"));
        assertThat(call()).isEqualTo("ok");

        assertThat(call()).isEqualTo("ok");
        assertThat(server.connections.get()).as("timeout=1 leaves no idle time: never reused").isEqualTo(2);
    }

    @Test
    void cancelFailsABlockedReadAtOnce() throws Exception {
        CountDownLatch headSent = new CountDownLatch(1);
        server = new ScriptedServer((request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial");
            headSent.countDown();
            sleep(10_000);
        });
        HttpCall call = http.newCall(server.origin(), REQUEST, UpstreamWait.NONE);
        call.execute(Duration.ofSeconds(5));
        assertThat(headSent.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.ofVirtual().start(() -> {
            sleep(100);
            call.cancel();
        });

        assertThatThrownBy(() -> call.readBody()).isInstanceOf(IOException.class);
        call.close();
        assertThat(http.idleConnections(server.origin())).isZero();
    }

    @Test
    void rejectsAResponseThatIsNotHttp() throws Exception {
        server = new ScriptedServer((request, out) -> write(out, "SSH-2.0-OpenSSH\r\n\r\n"));

        HttpCall call = http.newCall(server.origin(), REQUEST, UpstreamWait.NONE);
        assertThatThrownBy(() -> call.execute(Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).hasMessageContaining("not an HTTP/1.x response");
    }

    @Test
    void rejectsAMalformedChunkSize() throws Exception {
        server = new ScriptedServer((request, out) -> write(out,
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));

        HttpCall call = http.newCall(server.origin(), REQUEST, UpstreamWait.NONE);
        call.execute(Duration.ofSeconds(5));
        assertThatThrownBy(call::readBody).isInstanceOf(IOException.class).hasMessageContaining("chunk size");
    }

    private String call() throws IOException {
        try (HttpCall call = http.newCall(server.origin(), REQUEST, UpstreamWait.NONE)) {
            call.execute(Duration.ofSeconds(5));
            assertThat(call.status()).isEqualTo(200);
            return new String(call.readBody(), StandardCharsets.UTF_8);
        }
    }

    private static void write(OutputStream out, String response) throws IOException {
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers each request on a connection with the script; an IOException from it closes the connection. */
    private static final class ScriptedServer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket socket = new ServerSocket(0);
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        interface Script {
            void answer(String requestLine, OutputStream out) throws IOException;
        }

        ScriptedServer(Script script) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket client = socket.accept();
                        open.add(client);
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(client, script));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        Origin origin() {
            return Origin.of(URI.create("http://127.0.0.1:" + socket.getLocalPort()));
        }

        private void serve(Socket client, Script script) {
            try (client) {
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                while (true) {
                    String line = in.readLine();
                    if (line == null) {
                        return;
                    }
                    int length = 0;
                    for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                        if (header.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).trim());
                        }
                    }
                    in.skip(length);
                    requests.add(line);
                    script.answer(line, client.getOutputStream());
                }
            } catch (IOException e) {
                // the script closed the connection, or the client did
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : new ArrayList<>(open)) {
                s.close();
            }
        }
    }
}
