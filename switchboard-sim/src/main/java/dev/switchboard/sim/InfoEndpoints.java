package dev.switchboard.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The simulator's fixed answers: {@code GET /v1/models}, {@code GET /health}, and 404 for every
 * other path. Bodies are built once. Thread-safe.
 */
final class InfoEndpoints {

    static final String CHAT_MODEL = "sim";
    static final String EMBEDDING_MODEL = "sim-embedding";

    private final SimulatorState state;
    private final byte[] models;
    private final byte[] health;

    InfoEndpoints(SimulatorState state) {
        this.state = state;
        this.models = models(state.epochSeconds());
        ObjectNode health = Json.object();
        health.put("status", "ok");
        health.put("simulator", true);
        this.health = Json.bytes(health);
    }

    void models(ServerRequest req, ServerResponse res) {
        state.counters.requests.increment();
        Responses.json(res, 200, models);
    }

    void health(ServerRequest req, ServerResponse res) {
        state.counters.requests.increment();
        Responses.json(res, 200, health);
    }

    void notFound(ServerRequest req, ServerResponse res) {
        state.counters.requests.increment();
        Responses.notFound(res, req.prologue().method().text(), req.path().rawPath());
    }

    private static byte[] models(long created) {
        ArrayNode data = Json.array();
        for (String id : new String[] {CHAT_MODEL, EMBEDDING_MODEL}) {
            ObjectNode model = data.addObject();
            model.put("id", id);
            model.put("object", "model");
            model.put("created", created);
            model.put("owned_by", "switchboard-simulator");
        }
        ObjectNode list = Json.object();
        list.put("object", "list");
        list.set("data", data);
        return Json.bytes(list);
    }
}
