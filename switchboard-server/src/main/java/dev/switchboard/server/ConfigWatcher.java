package dev.switchboard.server;

import dev.switchboard.core.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Polls the config file and hands each new version to {@code apply}. Polling (rather than file
 * system events) also sees the atomic symlink swaps of Kubernetes ConfigMaps. A version that fails
 * to load is reported once, and the config in force stays until a good version appears.
 */
final class ConfigWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConfigWatcher.class.getName());

    /** Loads and applies a new version of the file, or fails with every problem in it. */
    @FunctionalInterface
    interface Reloader {
        void reload(String yaml) throws ConfigException;
    }

    private final Path file;
    private final Duration interval;
    private final Reloader reloader;
    private final Thread thread;
    private byte[] lastSeen;
    private volatile boolean closed;

    /**
     * @param current the file's content as loaded at start
     */
    ConfigWatcher(Path file, byte[] current, Duration interval, Reloader reloader) {
        this.file = file;
        this.lastSeen = current;
        this.interval = interval;
        this.reloader = reloader;
        this.thread = Thread.ofVirtual().name("switchboard-config-watcher").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Checks the file once; true when it changed (whether or not the new version loaded). */
    boolean poll() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false; // mid-replacement, or removed: keep what we have
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + ": " + e.getMessage());
            return false;
        }
        if (Arrays.equals(content, lastSeen)) {
            return false;
        }
        lastSeen = content;
        try {
            reloader.reload(new String(content, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            LOG.log(System.Logger.Level.ERROR, "config change rejected, the previous config stays in force:\n"
                    + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "config change could not be applied, the previous config stays"
                    + " in force", e);
        }
        return true;
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            poll();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
