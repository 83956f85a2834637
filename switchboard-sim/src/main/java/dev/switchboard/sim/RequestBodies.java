package dev.switchboard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a request's JSON body, answering 400 when it is missing or malformed. Stateless. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The parsed body.
     *
     * @throws InvalidRequestException when the body is missing or not valid JSON
     * @throws CloseConnectionException when the client went away while sending it
     */
    static JsonNode read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw new InvalidRequestException(null, "The request needs a JSON body.");
        }
        try (InputStream in = req.content().inputStream()) {
            JsonNode body = Json.MAPPER.readTree(in);
            if (body == null || body.isMissingNode()) {
                throw new InvalidRequestException(null, "The request needs a JSON body.");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(null,
                    "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new CloseConnectionException("failed to read the request body", e);
        }
    }
}
