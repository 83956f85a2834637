package dev.switchboard.core.provider;

import dev.switchboard.core.config.Durations;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.UpstreamRequest;
import dev.switchboard.core.time.Watchdog;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;

/**
 * A provider reached over HTTP with OpenAI's response shapes: JSON bodies, server-sent events
 * ending in {@code data: [DONE]}, and {@code {"error": ...}} error bodies. Subclasses say where
 * requests go and how they are authenticated; an adapter for another API overrides
 * {@link #requestBody} and {@link #streamTranslator} too.
 */
public abstract class HttpProvider implements Provider {

    private static final MediaType JSON = MediaType.get("application/json");

    private final String name;
    private final UpstreamHttp http;

    protected HttpProvider(String name, UpstreamHttp http) {
        this.name = name;
        this.http = http;
    }

    /** The provider's name in config. */
    public String name() {
        return name;
    }

    /** The URL of one attempt. */
    protected abstract String url(UpstreamRequest request);

    /** Adds authentication and any configured headers. */
    protected abstract void headers(Request.Builder builder);

    /** The JSON bytes sent upstream; by default the client's body with the upstream model set. */
    protected byte[] requestBody(UpstreamRequest request) {
        return RequestBodies.withModel(request.body(), request.upstreamModel());
    }

    /** Turns the upstream's stream events into OpenAI chunk events; by default they already are. */
    protected StreamTranslator streamTranslator(UpstreamRequest request) {
        return StreamTranslator.IDENTITY;
    }

    @Override
    public final EventStream open(UpstreamRequest request) {
        String deployment = name + "/" + request.upstreamModel();
        Request.Builder builder = new Request.Builder()
                .url(url(request))
                .header("user-agent", "switchboard")
                .header("x-request-id", request.requestId())
                .post(RequestBody.create(requestBody(request), JSON));
        if (request.stream()) {
            builder.header("accept", "text/event-stream");
        }
        headers(builder);
        Call call = http.client(request.timeouts().connect()).newCall(builder.build());
        Watchdog.Guard guard = http.watchdog().arm(call::cancel);
        Duration firstWait = request.stream() ? request.timeouts().firstToken() : Duration.ZERO;
        guard.expireIn(firstWait, request.deadlineNanos());
        okhttp3.Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            guard.close();
            throw UpstreamErrors.fromIo(deployment, e, guard.fired(), timeoutMessage(request, firstWait));
        }
        try {
            if (!response.isSuccessful()) {
                byte[] body = readErrorBody(response.body());
                throw UpstreamErrors.fromStatus(deployment, response.code(), response.header("retry-after"),
                        response.header("retry-after-ms"), body, Instant.ofEpochMilli(response.receivedResponseAtMillis()));
            }
            if (request.stream()) {
                return new SseEventStream(deployment, call, response, guard, request, streamTranslator(request));
            }
            byte[] bytes = response.body().bytes();
            guard.close();
            response.close();
            return EventStream.of(List.of(Event.ofBytes(bytes)));
        } catch (IOException e) {
            guard.close();
            response.close();
            throw UpstreamErrors.fromIo(deployment, e, guard.fired(), timeoutMessage(request, firstWait));
        } catch (RuntimeException e) {
            guard.close();
            response.close();
            throw e;
        }
    }

    private static String timeoutMessage(UpstreamRequest request, Duration firstWait) {
        return firstWait.isZero() ? "no complete answer before the request's total timeout"
                : "no first token within " + Durations.format(firstWait) + " (or the total timeout passed)";
    }

    private static byte[] readErrorBody(ResponseBody body) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        okio.BufferedSource source = body.source();
        source.request(64 * 1024);
        long size = Math.min(source.getBuffer().size(), 64 * 1024);
        return source.getBuffer().readByteArray(size);
    }
}
