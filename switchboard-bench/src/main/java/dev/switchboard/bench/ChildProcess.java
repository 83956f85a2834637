package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the bench started (simulator or gateway), its output going to a log file. Stopped on
 * {@link #close}, and by a shutdown hook if the bench exits any other way (Ctrl-C, an exception),
 * so no process is left behind. Only a SIGKILL of the bench itself can orphan it.
 */
final class ChildProcess implements AutoCloseable {

    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ChildProcess child : LIVE) {
                child.stop();
            }
        }, "bench-stop-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> command;

    private ChildProcess(String name, Process process, Path log, List<String> command) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.command = command;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        ChildProcess child = new ChildProcess(name, builder.start(), log, List.copyOf(command));
        LIVE.add(child);
        return child;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    List<String> command() {
        return command;
    }

    /**
     * Polls {@code GET /health} until it answers 200.
     *
     * @throws IOException if the process exits or the timeout passes first (the log's tail is in the message)
     */
    void awaitHealthy(String host, int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " before it was healthy:\n"
                        + logTail(40));
            }
            if (healthy(host, port)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name);
            }
        }
        throw new IOException(name + " was not healthy after " + timeout + ":\n" + logTail(40));
    }

    /** Whether the log contains {@code text} (e.g. the readiness banner). */
    boolean logContains(String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size())));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean healthy(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpInput input = new HttpInput(socket.getInputStream(), 4096);
            return ResponseHead.read(input).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, up to 10 s for a clean exit, then SIGKILL. */
    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        LIVE.remove(this);
    }
}
