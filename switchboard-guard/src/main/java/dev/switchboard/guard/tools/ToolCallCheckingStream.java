package dev.switchboard.guard.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ChatChunks;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.routing.CallInterceptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * The stream of a request that declares tools but no {@code json_schema}: text passes at once, and
 * from the first chunk that carries a tool call everything is held to the stream's end, the calls
 * are checked, and the held chunks are replayed when valid. Invalid calls are re-asked as in
 * {@link StructuredOutputInterceptor} — the new attempt's stream then takes this one's place — as
 * long as no output was sent yet; otherwise, or after the last repair, the stream ends with an error
 * event ({@link StructuredOutputInterceptor#failure}), never with the invalid calls.
 *
 * <p>Read by one thread, as every event stream.
 */
final class ToolCallCheckingStream implements EventStream {

    private final Exchange exchange;
    private final OutputContract contract;
    private final Function<Exchange, Response> reask;
    private final UsageTotal usage = new UsageTotal();
    private final Deque<Event> replay = new ArrayDeque<>();
    private EventStream upstream;
    private boolean sentOutput;
    private boolean ended;
    private int repairs;

    ToolCallCheckingStream(EventStream upstream, Exchange exchange, OutputContract contract,
                           Function<Exchange, Response> reask) {
        this.upstream = upstream;
        this.exchange = exchange;
        this.contract = contract;
        this.reask = reask;
    }

    @Override
    public Event next() {
        while (true) {
            if (!replay.isEmpty()) {
                return replay.poll();
            }
            if (ended) {
                return null;
            }
            Event event = upstream.next();
            if (event == null) {
                ended = true;
                return null;
            }
            if (!callsTools(json(event))) {
                sentOutput |= ChatChunks.carriesOutput(event);
                return withTotalUsage(event);
            }
            List<Event> held = new ArrayList<>();
            held.add(event);
            for (Event more = upstream.next(); more != null; more = upstream.next()) {
                json(more);
                held.add(more);
            }
            ended = true;
            usage.add(held);
            List<Finding> findings = AnswerCheck.findings(Answer.ofChunks(held), contract);
            if (findings.isEmpty()) {
                replay.addAll(usage.applyTo(held));
                continue;
            }
            Finding first = findings.get(0);
            if (sentOutput || !AnswerCheck.repairs(first, contract.policy())
                    || repairs >= contract.policy().maxRepairs()) {
                throw StructuredOutputInterceptor.failure(first, contract, repairs + 1);
            }
            repairs++;
            StructuredOutputInterceptor.logReask(exchange, first);
            upstream.close();
            Exchange again = StructuredOutputInterceptor.repairExchange(exchange, findings, contract);
            upstream = reask.apply(again).events();
            if (again.get(CallInterceptor.DEPLOYMENT) != null) {
                exchange.put(CallInterceptor.DEPLOYMENT, again.get(CallInterceptor.DEPLOYMENT));
            }
            ended = false;
        }
    }

    @Override
    public void close() {
        upstream.close();
    }

    /** A chunk passed through, with the usage of earlier attempts added to its usage, if it has one. */
    private Event withTotalUsage(Event event) {
        if (repairs == 0 || !event.json().hasNonNull("usage")) {
            return event;
        }
        usage.add(List.of(event));
        return usage.applyTo(List.of(event)).get(0);
    }

    /** The chunk's JSON; a chunk that is not JSON breaks the stream as an upstream failure would. */
    private static JsonNode json(Event chunk) {
        try {
            return chunk.json();
        } catch (java.io.UncheckedIOException e) {
            throw dev.switchboard.core.spi.UpstreamException.broken("the upstream sent a chunk that is not JSON", e);
        }
    }

    private static boolean callsTools(JsonNode chunk) {
        for (JsonNode choice : chunk.path("choices")) {
            JsonNode delta = choice.path("delta");
            if (delta.hasNonNull("tool_calls") && !delta.get("tool_calls").isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
