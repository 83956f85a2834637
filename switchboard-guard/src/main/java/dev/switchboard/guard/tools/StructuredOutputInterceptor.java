package dev.switchboard.guard.tools;

import dev.switchboard.core.accounting.AccountingInterceptor;
import dev.switchboard.core.accounting.Usage;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.routing.CallInterceptor;
import dev.switchboard.core.spi.UpstreamException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Makes sure an answer matches the request's {@link OutputContract} before the client sees any of
 * it: tool-call arguments against their tool's parameters, and content against the
 * {@code response_format} schema. An answer that breaks them is, per the caller's
 * {@link ToolPolicy}, either failed at once, or re-asked — the request plus the broken answer and
 * what was wrong ({@link RepairPrompt}) — up to {@code max_repairs} times; after that the client
 * gets 502 {@code invalid_tool_arguments} or {@code invalid_structured_output}, never the invalid
 * answer.
 *
 * <p>To be able to take an answer back, a checked answer is held whole: a stream is read to its end
 * and then replayed, chunk by chunk as it came, so the client's stream starts when the answer is
 * complete and known to be valid. A stream with tools but no {@code json_schema} is held only from
 * its first tool call ({@link ToolCallCheckingStream}), so text answers still stream at once.
 * Requests with nothing to check pass untouched.
 *
 * <p>Re-asks go through {@code reask}: the part of the pipeline after this interceptor (routing and
 * the call), since an interceptor may proceed only once. Every attempt's usage is added up in the
 * answer ({@link UsageTotal}); {@value #REPAIRS_HEADER} tells how many re-asks it took.
 */
public final class StructuredOutputInterceptor implements Interceptor {

    /** Response header: how many times the model was re-asked, when it was. */
    public static final String REPAIRS_HEADER = "x-switchboard-repairs";

    private static final System.Logger LOG = System.getLogger(StructuredOutputInterceptor.class.getName());

    private final Function<Exchange, Response> reask;

    /** @param reask runs a re-ask through the rest of the pipeline (route and call) and returns its response */
    public StructuredOutputInterceptor(Function<Exchange, Response> reask) {
        this.reask = reask;
    }

    @Override
    public boolean passesThrough(Exchange exchange) {
        OutputContract contract = exchange.get(ToolPolicyInterceptor.CONTRACT);
        return contract == null || !toolsMayBeCalled(exchange, contract) && !contract.checksResponse();
    }

    private static boolean toolsMayBeCalled(Exchange exchange, OutputContract contract) {
        return contract.checksTools() && !"none".equals(exchange.body().path("tool_choice").asText(null));
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (passesThrough(exchange)) {
            return chain.proceed();
        }
        OutputContract contract = exchange.get(ToolPolicyInterceptor.CONTRACT);
        boolean streaming = exchange.stream();
        if (streaming && !contract.checksResponse()) {
            return chain.proceed().withEvents(events -> new ToolCallCheckingStream(events, exchange, contract, reask));
        }
        UsageTotal usage = new UsageTotal();
        try {
            return checkWhole(chain.proceed(), exchange, contract, streaming, usage);
        } catch (ApiException e) {
            if (usage.total() != null) { // answers refused or interrupted were still paid for upstream
                exchange.put(AccountingInterceptor.SPENT_BEFORE_FAILURE, Usage.fromJson(usage.total()));
            }
            throw e;
        }
    }

    /** Reads, checks and re-asks until an answer is valid or the policy gives up. */
    private Response checkWhole(Response first, Exchange exchange, OutputContract contract, boolean streaming,
                                UsageTotal usage) {
        ToolPolicy policy = contract.policy();
        Response response = first;
        for (int repairs = 0; ; repairs++) {
            List<Event> events = readAll(response);
            usage.add(events);
            Answer answer = streaming ? Answer.ofChunks(events) : Answer.ofCompletion(single(events).json());
            List<Finding> findings = AnswerCheck.findings(answer, contract);
            if (findings.isEmpty()) {
                Response valid = Response.of(EventStream.of(usage.applyTo(events))).withHeaders(response.headers());
                return repairs == 0 ? valid : valid.withHeader(REPAIRS_HEADER, Integer.toString(repairs));
            }
            Finding finding = findings.get(0);
            if (!AnswerCheck.repairs(finding, policy) || repairs >= policy.maxRepairs()) {
                throw failure(finding, contract, repairs + 1);
            }
            logReask(exchange, finding);
            Exchange again = repairExchange(exchange, findings, contract);
            response = reask.apply(again);
            if (again.get(CallInterceptor.DEPLOYMENT) != null) {
                exchange.put(CallInterceptor.DEPLOYMENT, again.get(CallInterceptor.DEPLOYMENT));
            }
        }
    }

    /** Logs a re-ask without the answer's text, which may hold personal data. */
    static void logReask(Exchange exchange, Finding finding) {
        LOG.log(System.Logger.Level.INFO, () -> "request " + exchange.requestId() + ": the answer broke "
                + (finding.aboutContent() ? "the response_format schema" : "the parameters of tool '" + finding.tool()
                + "'") + " (" + finding.violations().size() + " violations); re-asking the model");
    }

    /** The re-ask of {@code exchange}'s request after {@code findings}: same id, headers and start. */
    static Exchange repairExchange(Exchange exchange, List<Finding> findings, OutputContract contract) {
        return new Exchange(exchange.operation(), exchange.requestId(), exchange::header,
                RepairPrompt.body(exchange.body(), findings, contract.responseName()), exchange.startNanos());
    }

    private static List<Event> readAll(Response response) {
        EventStream events = response.events();
        List<Event> all = new ArrayList<>();
        try {
            for (Event event = events.next(); event != null; event = events.next()) {
                event.json(); // an answer that is not JSON fails here, while it can still become a clean error
                all.add(event);
            }
        } catch (UpstreamException e) {
            boolean timeout = e.kind() == UpstreamException.Kind.TIMEOUT;
            throw new ApiException(new ApiError(timeout ? 504 : 502, "server_error",
                    timeout ? "upstream_timeout" : "stream_interrupted", null,
                    "The answer was interrupted: " + e.getMessage() + ". Retry the request."), e);
        } catch (UncheckedIOException e) {
            throw new ApiException(new ApiError(502, "server_error", "bad_upstream_response", null,
                    "The upstream sent an answer that is not a JSON object. Retry the request."), e);
        } finally {
            events.close();
        }
        return all;
    }

    private static Event single(List<Event> events) {
        if (events.isEmpty()) {
            throw new ApiException(new ApiError(502, "server_error", "bad_upstream_response", null,
                    "The upstream sent an empty answer. Retry the request."));
        }
        return events.get(0);
    }

    static ApiException failure(Finding finding, OutputContract contract, int attempts) {
        String after = attempts == 1 ? "" : " after " + attempts + " attempts";
        if (finding.aboutContent()) {
            return new ApiException(new ApiError(502, "server_error", "invalid_structured_output", "response_format",
                    "The model's answer does not match the response_format schema" + (contract.responseName() == null
                            ? "" : " '" + contract.responseName() + "'") + after + ": " + finding.inline(5)
                            + ". The invalid answer was not returned; retry, or simplify the schema."));
        }
        return new ApiException(new ApiError(502, "server_error", "invalid_tool_arguments", "tools",
                "The model called tool '" + finding.tool() + "' with arguments that do not match its parameters"
                        + after + ": " + finding.inline(5) + ". The invalid call was not returned; retry, or simplify"
                        + " the tool's schema."));
    }
}
