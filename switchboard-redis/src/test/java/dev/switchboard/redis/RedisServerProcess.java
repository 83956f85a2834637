package dev.switchboard.redis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A {@code redis-server} of a test's own, on a free port, without persistence, that the test may
 * kill and start again on the same port (outages). Not thread-safe.
 */
final class RedisServerProcess implements AutoCloseable {

    private static final String BINARY = System.getenv().getOrDefault("SWITCHBOARD_TEST_REDIS_SERVER", "redis-server");

    private final int port;
    private final File log;
    private Process process;

    RedisServerProcess() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = new File(System.getProperty("java.io.tmpdir"), "switchboard-test-redis-" + port + ".log");
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it answers PING (at most 10 s). */
    RedisServerProcess start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
                if ("PONG".equals(jedis.ping())) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server did not start on port " + port + ", see " + log, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        log.delete();
    }
}
