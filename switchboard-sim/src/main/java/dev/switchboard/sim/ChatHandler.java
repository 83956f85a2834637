package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code POST /v1/chat/completions}: reads the body, applies the fault (if any), generates the
 * answer and sends it as one JSON object or as a paced stream of chunks. Runs on the request's
 * virtual thread and blocks while pacing. Thread-safe.
 *
 * <p>Pacing: {@code timeToFirstToken} passes before the first content token, then one token
 * interval ({@code 1/tokensPerSecond}) before each further token step. A stream sends its headers
 * at once and, while it waits for the first token, an SSE comment line every 100 ms; the
 * assistant-role chunk comes with the first token. A non-streaming answer waits the same total and
 * is then sent whole.
 */
final class ChatHandler implements Handler {

    private final SimulatorState state;

    ChatHandler(SimulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        state.counters.requests.increment();
        state.counters.chatRequests.increment();
        SimulatorConfig config = state.config();
        ChatRequest request;
        Fault fault;
        try {
            JsonNode body = RequestBodies.read(req);
            state.recordRequestBody(body);
            fault = state.faults.next(body.path("stream").asBoolean(false));
            if (Responses.injectedFault(res, fault, state, config)) {
                return;
            }
            request = ChatRequest.parse(body);
        } catch (InvalidRequestException e) {
            Responses.invalidRequest(res, e);
            return;
        }
        boolean structured = request.tool() != null || request.format() == ChatRequest.Format.JSON_SCHEMA;
        Completion completion = CompletionGenerator.generate(request, config, state.nextCompletionId(),
                state.epochSeconds(), structured && state.takeInvalidStructured());
        if (request.stream()) {
            stream(res, request, completion, config, fault.kind() == Fault.Kind.DISCONNECT);
        } else {
            state.pacer.pause(answerNanos(config, completion.longestChoice()));
            ByteSink body = CompletionJson.body(completion);
            Responses.json(res, 200, body.array(), body.size());
        }
    }

    private static final long HEARTBEAT_NANOS = 100_000_000L;

    private void stream(ServerResponse res, ChatRequest request, Completion completion, SimulatorConfig config,
                        boolean disconnect) {
        res.header(Responses.SIMULATOR);
        res.header(Responses.EVENT_STREAM);
        res.header(Responses.NO_CACHE);
        state.counters.streamsStarted.increment();
        OutputStream out = res.outputStream();
        ChunkStream chunks = new ChunkStream(completion, out);
        int steps = completion.longestChoice();
        int breakAt = disconnect ? steps / 2 : -1;
        try {
            waitForFirstToken(chunks, config.timeToFirstToken().toNanos());
            for (Completion.Choice choice : completion.choices()) {
                chunks.role(choice);
            }
            chunks.flush();
            for (int step = 0; step < steps; step++) {
                if (step > 0) {
                    state.pacer.pause(config.tokenIntervalNanos());
                }
                if (step == breakAt) {
                    breakOff();
                }
                for (Completion.Choice choice : completion.choices()) {
                    writeStep(chunks, choice, step);
                }
                chunks.flush();
            }
            if (disconnect) {
                breakOff(); // an answer without tokens breaks before its end
            }
            for (Completion.Choice choice : completion.choices()) {
                chunks.finish(choice);
            }
            if (request.includeUsage()) {
                chunks.usage();
            }
            chunks.done();
            closeQuietly(out);
            state.counters.streamsCompleted.increment();
        } catch (ClientGoneException e) {
            state.counters.streamsCancelled.increment();
            throw new CloseConnectionException("client went away mid-stream", e);
        }
    }

    /**
     * Waits out the time to first token as a server does before its first chunk, sending a comment
     * line every {@link #HEARTBEAT_NANOS} so that a client that leaves meanwhile is noticed (and
     * counted as cancelled) within about that long.
     */
    private void waitForFirstToken(ChunkStream chunks, long nanos) {
        for (long remaining = nanos; remaining > 0; remaining -= HEARTBEAT_NANOS) {
            chunks.heartbeat(); // the first one also sends the response headers at once, as servers do
            state.pacer.pause(Math.min(remaining, HEARTBEAT_NANOS));
        }
    }

    private static void writeStep(ChunkStream chunks, Completion.Choice choice, int step) {
        if (step >= choice.pieces().size()) {
            return;
        }
        String piece = choice.pieces().get(step);
        if (choice.toolCall() == null) {
            chunks.content(choice.index(), piece);
            return;
        }
        if (step == 0) {
            chunks.toolCallStart(choice.index(), choice.toolCall());
        }
        chunks.toolArguments(choice.index(), piece);
    }

    /**
     * Drops the connection without ending the chunked body: Helidon closes the socket when a
     * handler throws {@link CloseConnectionException}, and nothing after the last flush is sent.
     */
    private void breakOff() {
        state.counters.faultsInjected.increment();
        throw new CloseConnectionException("switchboard simulator: injected mid-stream disconnect");
    }

    /** Ends the chunked body; a failure here still means the client left before the end. */
    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }

    /** Time a non-streaming answer takes: as long as its stream would, saturating at Long.MAX_VALUE. */
    static long answerNanos(SimulatorConfig config, int steps) {
        double total = config.timeToFirstToken().toNanos()
                + (double) config.tokenIntervalNanos() * Math.max(0, steps - 1);
        return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) total;
    }
}
