package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients that stall cannot hold a connection: server.read_timeout and server.idle_timeout close it. */
class SlowClientTest {

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                server: { read_timeout: 300ms, idle_timeout: 300ms }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, GatewayFixture.simulator());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void clientStallingBeforeItsRequestLineEndsIsDisconnected() throws IOException {
        assertThat(disconnectedAfterSending("POST /v1/chat/comp")).isTrue();
    }

    @Test
    void idleKeptAliveConnectionIsClosed() throws IOException {
        assertThat(disconnectedAfterSending("")).isTrue();
    }

    @Test
    void clientStallingInTheMiddleOfItsBodyIsDisconnected() throws IOException {
        assertThat(disconnectedAfterSending("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + GatewayFixture.KEY + "\r\nContent-Length: 100\r\n\r\n{\"model\":")).isTrue();
    }

    /** True when the server closes the connection (or answers and closes) while the client stalls. */
    private static boolean disconnectedAfterSending(String partialRequest) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fixture.gateway.port())) {
            socket.setSoTimeout(10_000); // far above the server's 300 ms: a hang fails the test, not the build
            OutputStream out = socket.getOutputStream();
            out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // an error response may come first; what matters is that the connection ends
                }
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }
}
