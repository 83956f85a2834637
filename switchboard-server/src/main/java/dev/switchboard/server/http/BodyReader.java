package dev.switchboard.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.time.Watchdog;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Reads request bodies up to a size limit, refusing larger ones with 413 before reading them, and
 * dropping clients that stall: if no bytes arrive for the read timeout, the watchdog interrupts the
 * reading thread, which closes the connection.
 */
public final class BodyReader {

    private BodyReader() {
    }

    /**
     * The JSON body of a small control-plane request (admin, feedback), read whole up to
     * {@code maxBytes}.
     *
     * @param emptyHint what the caller should have sent, for the error when the body is empty
     * @throws ApiException 413 when the body is larger, 400 when it is empty or not JSON
     */
    public static JsonNode smallJson(ServerRequest req, int maxBytes, String emptyHint) {
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw Errors.bodyTooLarge(maxBytes);
            }
            if (bytes.length == 0) {
                throw Errors.invalidJson("the body is empty; send " + emptyHint);
            }
            return Json.parse(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw Errors.invalidJson(e.getOriginalMessage());
        } catch (IOException e) {
            throw Errors.invalidJson(e.getMessage());
        }
    }

    /**
     * The body, whatever its declared content type (it is parsed as JSON later, with a clear error
     * if it is not).
     *
     * @throws dev.switchboard.core.api.ApiException 413 when the body is larger than {@code maxBytes}
     */
    static byte[] read(ServerRequest request, long maxBytes, Watchdog watchdog, Duration readTimeout) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw Errors.bodyTooLarge(maxBytes);
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        Watchdog.Guard guard = watchdog.arm(Thread.currentThread()::interrupt);
        guard.expireIn(readTimeout, Watchdog.NONE);
        try {
            return readLimited(request, maxBytes, declared, guard, readTimeout);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException apiException) {
                throw apiException;
            }
            throw new CloseConnectionException(guard.fired() ? "client stalled while sending its request body"
                    : "client connection failed while sending its request body", e);
        } finally {
            guard.close();
            if (guard.fired()) {
                Thread.interrupted(); // the interrupt was only for the blocked read
            }
        }
    }

    private static byte[] readLimited(ServerRequest request, long maxBytes, OptionalLong declared,
                                      Watchdog.Guard guard, Duration readTimeout) throws IOException {
        int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        try (InputStream in = request.content().inputStream()) {
            byte[] buffer = new byte[(int) Math.min(limit + 1L, declared.orElse(8192) + 1)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > limit) {
                        throw Errors.bodyTooLarge(maxBytes);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) limit + 1, buffer.length * 2L));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
                guard.expireIn(readTimeout, Watchdog.NONE);
            }
            if (length > limit) {
                throw Errors.bodyTooLarge(maxBytes);
            }
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        }
    }
}
