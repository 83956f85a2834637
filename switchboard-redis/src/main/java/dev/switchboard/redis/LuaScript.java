package dev.switchboard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A Lua script run atomically on the server by its SHA-1 ({@code EVALSHA}); sent once with
 * {@code SCRIPT LOAD} when the server does not know it (a new or flushed server answers
 * {@code NOSCRIPT}). Thread-safe and immutable.
 */
final class LuaScript {

    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /** The script in resource {@code name} next to this class. */
    static LuaScript fromResource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + name, e);
        }
    }

    /**
     * Runs the script with {@code keys} and {@code args}.
     *
     * @throws RespClient.ServerError if the script failed on the server
     */
    Object eval(RespClient redis, List<String> keys, List<String> args) {
        List<String> command = new ArrayList<>(3 + keys.size() + args.size());
        command.add("EVALSHA");
        command.add(sha);
        command.add(Integer.toString(keys.size()));
        command.addAll(keys);
        command.addAll(args);
        try {
            return redis.call(command);
        } catch (RespClient.ServerError e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
            }
            redis.call(List.of("SCRIPT", "LOAD", source));
            return redis.call(command);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
