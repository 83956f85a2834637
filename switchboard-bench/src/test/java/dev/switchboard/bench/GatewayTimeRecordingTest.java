package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both load clients hand the gateway's Server-Timing value to the phase, which records it per
 * response, to the microsecond, against a real socket server that answers like the gateway.
 */
class GatewayTimeRecordingTest {

    private static final Target.HttpTimeouts TIMEOUTS = new Target.HttpTimeouts(5_000, 10_000);

    @ParameterizedTest
    @EnumSource(LoadClient.class)
    void everyResponsesGatewayTimeIsRecordedToTheMicrosecond(LoadClient client) throws Exception {
        // Response i (from 1) reports gateway;dur=5.00i ms: above 2.047 ms, where the latency
        // histograms' 3 digits would round to 4 µs.
        try (FakeGateway server = new FakeGateway(i -> String.format(Locale.ROOT,
                "upstream;dur=1.203;desc=\"sim, loopback\", gateway;dur=5.%03d", i))) {
            PhaseResult result = run(client, server);

            assertThat(result.scheduled()).isEqualTo(20);
            assertThat(result.ok()).isEqualTo(20);
            assertThat(result.serverTimed()).isEqualTo(20);
            assertThat(result.gatewayTime().getMinValue()).isEqualTo(5_001);
            assertThat(result.gatewayTime().getValueAtPercentile(50)).isEqualTo(5_010);
            assertThat(result.gatewayTime().getMaxValue()).isEqualTo(5_020);
        }
    }

    @ParameterizedTest
    @EnumSource(LoadClient.class)
    void responsesWithoutTheHeaderOrWithAMalformedOneRecordNothing(LoadClient client) throws Exception {
        try (FakeGateway server = new FakeGateway(i -> i % 2 == 0 ? null : "gateway;dur=-1")) {
            PhaseResult result = run(client, server);

            assertThat(result.ok()).isEqualTo(20);
            assertThat(result.serverTimed()).isZero();
            assertThat(GatewayTimeReport.p99Cell(result)).isEqualTo(GatewayTimeReport.NOT_REPORTED);
        }
    }

    /** 20 requests at 200 req/s, no warm-up. */
    private static PhaseResult run(LoadClient client, FakeGateway server) throws IOException {
        Target target = Target.chatCompletions("gateway", "127.0.0.1", server.port(), "bench", false, null, TIMEOUTS);
        OpenLoopPhase.Spec spec = new OpenLoopPhase.Spec("gateway round 1", target, 200, Duration.ZERO,
                Duration.ofMillis(100), Duration.ofSeconds(15), 100);
        try (Exchanges exchanges = client.open(target, TIMEOUTS)) {
            return new OpenLoopPhase(spec, exchanges, Map.of(), new PrintStream(OutputStream.nullOutputStream()),
                    Duration.ofMinutes(1)).run();
        }
    }

    /** Answers every request with 200 and {@code Server-Timing: serverTiming(i)} (none if null), i from 1. */
    private static final class FakeGateway implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger served = new AtomicInteger();
        private final IntFunction<String> serverTiming;

        FakeGateway(IntFunction<String> serverTiming) throws IOException {
            this.serverTiming = serverTiming;
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket connection = socket.accept();
                    Thread.ofVirtual().start(() -> serve(connection));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                while (true) {
                    long contentLength = -1;
                    String line;
                    while (!(line = readLine(in)).isEmpty()) {
                        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                            contentLength = Long.parseLong(line.substring(15).trim());
                        }
                    }
                    in.skipNBytes(contentLength);
                    String timing = serverTiming.apply(served.incrementAndGet());
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                            + (timing == null ? "" : "Server-Timing: " + timing + "\r\n") + "\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException | RuntimeException closed) {
                // the client closed the connection
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new EOFException();
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
