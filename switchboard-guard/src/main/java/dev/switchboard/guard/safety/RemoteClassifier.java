package dev.switchboard.guard.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.config.RemoteClassifierConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.guard.injection.InjectionVerdict;
import dev.switchboard.guard.moderation.ModerationCategory;
import dev.switchboard.guard.moderation.ModerationScores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A classifier on a KServe v2 HTTP server (Triton Inference Server): one call per text,
 * {@code POST {url}/v2/models/{model}/infer} with
 * {@code {"inputs":[{"name": input, "shape":[1], "datatype":"BYTES", "data":[text]}]}}, reading the
 * {@code data} of the named (or first) output: for injection one probability, or two (not-injection,
 * injection) of which the last counts; for moderation one per category in {@link ModerationCategory}
 * order.
 *
 * <p>Any failure (connection, timeout, status other than 200, an answer of the wrong shape) throws
 * {@link GuardUnavailableException}; what that means for the request (fail open or closed) is the
 * policy's. Thread-safe.
 */
public final class RemoteClassifier implements InjectionScorer {

    private final RemoteClassifierConfig config;
    private final HttpClient client;
    private final URI endpoint;

    public RemoteClassifier(RemoteClassifierConfig config, HttpClient client) {
        this.config = config;
        this.client = client;
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.endpoint = URI.create(base + "/v2/models/" + config.model() + "/infer");
    }

    public RemoteClassifierConfig config() {
        return config;
    }

    @Override
    public InjectionVerdict score(String text) {
        double[] data = infer(text);
        if (data.length != 1 && data.length != 2) {
            throw new GuardUnavailableException("remote classifier " + config.model() + " returned " + data.length
                    + " values; an injection classifier returns 1 or 2", null);
        }
        return new InjectionVerdict(clamp(data[data.length - 1]), List.of(), "remote");
    }

    /** Moderation scores; named apart from {@link #score} because both interfaces take a text. */
    public ModerationScores moderate(String text) {
        double[] data = infer(text);
        int categories = ModerationCategory.all().size();
        if (data.length != categories) {
            throw new GuardUnavailableException("remote classifier " + config.model() + " returned " + data.length
                    + " values; a moderation classifier returns " + categories, null);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = clamp(data[i]);
        }
        return new ModerationScores(data);
    }

    /** This classifier as a moderation scorer. */
    public ModerationScorer asModeration() {
        return this::moderate;
    }

    private double[] infer(String text) {
        ObjectNode body = Json.object();
        ObjectNode input = body.putArray("inputs").addObject();
        input.put("name", config.input());
        input.putArray("shape").add(1);
        input.put("datatype", "BYTES");
        input.putArray("data").add(text);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GuardUnavailableException("remote classifier " + config.model() + " unreachable: "
                    + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuardUnavailableException("interrupted while calling remote classifier " + config.model(), e);
        }
        if (response.statusCode() != 200) {
            throw new GuardUnavailableException("remote classifier " + config.model() + " answered HTTP "
                    + response.statusCode(), null);
        }
        try {
            JsonNode outputs = Json.parse(response.body()).path("outputs");
            JsonNode chosen = null;
            for (JsonNode output : outputs) {
                if (config.output() == null || config.output().equals(output.path("name").asText())) {
                    chosen = output;
                    break;
                }
            }
            if (chosen == null || !(chosen.path("data") instanceof ArrayNode data) || data.isEmpty()) {
                throw new GuardUnavailableException("remote classifier " + config.model() + " returned no output"
                        + (config.output() != null ? " named " + config.output() : ""), null);
            }
            double[] values = new double[data.size()];
            for (int i = 0; i < values.length; i++) {
                if (!data.get(i).isNumber()) {
                    throw new GuardUnavailableException("remote classifier " + config.model()
                            + " returned a non-numeric output", null);
                }
                values[i] = data.get(i).doubleValue();
            }
            return values;
        } catch (IOException e) {
            throw new GuardUnavailableException("remote classifier " + config.model() + " returned invalid JSON", e);
        }
    }

    private static double clamp(double p) {
        return Double.isNaN(p) ? 1 : Math.max(0, Math.min(1, p));
    }
}
