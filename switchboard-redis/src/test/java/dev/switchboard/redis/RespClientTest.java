package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;

@Timeout(60)
class RespClientTest {

    private final String prefix = "sb:" + TestRedis.freshPrefix() + ":";
    private final String name = "switchboard-test-" + TestRedis.freshPrefix();
    private final RespClient client = new RespClient(URI.create(TestRedis.URL), TestRedis.TIMEOUT, name);

    @AfterEach
    void close() {
        client.close();
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            jedis.del(prefix + "n", prefix + "s");
        }
    }

    @Test
    void readsEveryKindOfReply() {
        assertThat(client.call(List.of("SET", prefix + "s", "grüße"))).isEqualTo("OK");
        assertThat(client.call(List.of("GET", prefix + "s"))).isEqualTo("grüße");
        assertThat(client.call(List.of("GET", prefix + "missing"))).isNull();
        assertThat(client.call(List.of("INCRBY", prefix + "n", "5"))).isEqualTo(5L);
        assertThat(client.call(List.of("EVAL", "return {1, 'two', false, {3}}", "0")))
                .isEqualTo(Arrays.asList(1L, "two", null, List.of(3L)));
    }

    @Test
    void anErrorReplyIsThrownAndTheConnectionKeepsWorking() {
        assertThatThrownBy(() -> client.call(List.of("NOSUCHCOMMAND")))
                .isInstanceOf(RespClient.ServerError.class).hasMessageContaining("unknown command");
        assertThat(client.call(List.of("PING"))).isEqualTo("PONG");
    }

    @Test
    void manyThreadsShareTheConnectionAndEachGetsItsOwnReply() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String word = thread + "/" + i;
                        assertThat(client.call(List.of("ECHO", word))).isEqualTo(word);
                        client.call(List.of("INCR", prefix + "n"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(client.call(List.of("GET", prefix + "n"))).isEqualTo("10000");
    }

    @Test
    void reconnectsAfterTheServerDropsTheConnection() {
        client.call(List.of("PING"));
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            String ours = jedis.clientList().lines().filter(line -> line.contains(" name=" + name + " "))
                    .map(line -> line.substring("id=".length(), line.indexOf(' '))).findFirst().orElseThrow();
            jedis.clientKill(new ClientKillParams().id(ours));
        }
        // the first call may find the dead socket; the next one reconnects
        try {
            client.call(List.of("PING"));
        } catch (UncheckedIOException expected) {
            // lost with the connection
        }
        assertThat(client.call(List.of("PING"))).isEqualTo("PONG");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {":12x\r\n", ":\r\n", "$abc\r\n", "*1\n",
            ":1234567890123456789012\r\n", ":-\r\n"})
    void aMalformedNumberInAReplyFailsTheCommandClearly(String reply) throws Exception {
        try (ServerSocket broken = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                while (!broken.isClosed()) {
                    try (Socket accepted = broken.accept()) {
                        accepted.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
                        accepted.getInputStream().readAllBytes();
                    } catch (IOException ignored) {
                        // the client hung up
                    }
                }
            });
            try (RespClient confused = new RespClient(URI.create("redis://127.0.0.1:" + broken.getLocalPort()),
                    Duration.ofMillis(500), "t")) {
                assertThatThrownBy(() -> confused.call(List.of("PING")))
                        .isInstanceOf(RuntimeException.class)
                        .hasStackTraceContaining("Redis sent a");
            }
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsDropped() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket accepted = silent.accept()) {
                    accepted.getInputStream().readAllBytes(); // reads, never answers
                } catch (IOException ignored) {
                    // the client hung up
                }
            });
            try (RespClient mute = new RespClient(URI.create("redis://127.0.0.1:" + silent.getLocalPort()),
                    Duration.ofMillis(200), "t")) {
                assertThatThrownBy(() -> mute.call(List.of("PING")))
                        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no reply from Redis");
            }
        }
    }

    @Test
    void aServerThatIsBehindButStillAnsweringFailsOnlyTheLateCommandsAndKeepsTheConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket slow = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                while (!slow.isClosed()) {
                    try {
                        Socket accepted = slow.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> answerEveryCommandSlowly(accepted));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            try (RespClient behind = new RespClient(URI.create("redis://127.0.0.1:" + slow.getLocalPort()),
                    Duration.ofMillis(500), "t")) {
                behind.call(List.of("PING")); // connected
                List<Future<Object>> calls = new ArrayList<>();
                try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 80; i++) {
                        calls.add(threads.submit(() -> behind.call(List.of("PING"))));
                    }
                }
                int slowOnes = 0;
                for (Future<Object> call : calls) {
                    try {
                        call.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(RespClient.SlowReply.class);
                        slowOnes++;
                    }
                }
                assertThat(slowOnes).as("80 replies 20 ms apart cannot all come within 500 ms").isPositive();
                assertThat(connections).as("the connection was kept").hasValue(1);
            }
        }
    }

    /** Answers each command it reads with +PONG, 20 ms after the previous answer. */
    private static void answerEveryCommandSlowly(Socket socket) {
        try (socket) {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            var out = socket.getOutputStream();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("*")) {
                    int parts = Integer.parseInt(line.substring(1));
                    for (int i = 0; i < 2 * parts; i++) {
                        in.readLine(); // $len and the bulk itself
                    }
                    Thread.sleep(20);
                    out.write("+PONG\r\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the client hung up
        }
    }

    @Test
    void aRefusedPasswordSaysSo() {
        URI wrong = URI.create(TestRedis.URL.replace("redis://", "redis://nobody:wrong@"));
        try (RespClient refused = new RespClient(wrong, TestRedis.TIMEOUT, "t")) {
            assertThatThrownBy(() -> refused.call(List.of("PING")))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("refused AUTH");
        }
    }

    @Test
    void encodesCommandsAsArraysOfBulkStrings() {
        assertThat(new String(RespClient.encode(List.of("SET", "k", "é")), StandardCharsets.UTF_8))
                .isEqualTo("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n");
    }
}
