package dev.switchboard.server.http;

import dev.switchboard.core.api.Errors;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;

/** Reads request bodies up to a size limit, refusing larger ones with 413 before reading them. */
final class BodyReader {

    private BodyReader() {
    }

    /**
     * The body, whatever its declared content type (it is parsed as JSON later, with a clear error
     * if it is not).
     *
     * @throws dev.switchboard.core.api.ApiException 413 when the body is larger than {@code maxBytes}
     */
    static byte[] read(ServerRequest request, long maxBytes) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw Errors.bodyTooLarge(maxBytes);
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
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
            }
            if (length > limit) {
                throw Errors.bodyTooLarge(maxBytes);
            }
            return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
