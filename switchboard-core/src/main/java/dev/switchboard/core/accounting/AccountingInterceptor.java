package dev.switchboard.core.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.BudgetSpec;
import dev.switchboard.core.limits.SpendHistory;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.routing.CallInterceptor;
import dev.switchboard.core.routing.Deployment;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Counts and prices every request that got past authentication and limits: input, cached input,
 * output and reasoning tokens from the upstream's {@code usage} — for streams too, where the
 * provider asks for the usage chunk and this interceptor keeps it from clients that did not — or,
 * when an upstream reports nothing, counted with {@link TokenCounter} and marked estimated. Each
 * request becomes one {@link UsageRecord} (failed ones with zero tokens), its cost is added to the
 * caller's budgets, and the usage is left on the exchange for the limits interceptor's token
 * correction.
 */
public final class AccountingInterceptor implements Interceptor {

    /** The usage of the request, once its response has ended. */
    public static final Attribute<Usage> USAGE = Attribute.named("usage");

    /**
     * Tokens a request that fails anyway has already spent upstream (answers an output check
     * refused), left by the interceptor that fails it; recorded and charged with the failure.
     */
    public static final Attribute<Usage> SPENT_BEFORE_FAILURE = Attribute.named("usage.spent-before-failure");
    /** The price of the request in billionths of a US dollar, set with {@link #USAGE}. */
    public static final Attribute<Long> COST_NANOS = Attribute.named("cost-nanos");

    private final PriceTable prices;
    private final UsageSink sink;
    private final BudgetLedger ledger;
    private final SpendHistory history;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final BudgetAlerts alerts;

    /**
     * @param alerts told when a budget crosses its alert threshold
     */
    public AccountingInterceptor(PriceTable prices, UsageSink sink, BudgetLedger ledger, SpendHistory history,
                                 InstantSource clock, RandomGenerator random, BudgetAlerts alerts) {
        this.prices = prices;
        this.sink = sink;
        this.ledger = ledger;
        this.history = history;
        this.clock = clock;
        this.random = random;
        this.alerts = alerts;
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        boolean streaming = exchange.stream();
        boolean clientWantsUsage = exchange.body().path("stream_options").path("include_usage").asBoolean(false);
        Response response;
        try {
            response = chain.proceed();
        } catch (ApiException e) {
            Usage spent = exchange.get(SPENT_BEFORE_FAILURE);
            finish(exchange, e.error().status(), spent != null ? spent : Usage.NONE, streaming);
            throw e;
        }
        return response.withEvents(events -> new MeteredStream(events, streaming, clientWantsUsage,
                outcome -> finish(exchange, 200, usageOf(exchange, outcome), streaming)));
    }

    private Usage usageOf(Exchange exchange, MeteredStream.Outcome outcome) {
        if (outcome.usage() != null && outcome.usage().isObject()) {
            return Usage.fromJson(outcome.usage());
        }
        long input = exchange.operation() == Operation.EMBEDDINGS ? TokenCounter.embeddingsInput(exchange.body())
                : TokenCounter.chatInput(exchange.body());
        long output = TokenCounter.count(unescape(outcome.text()));
        return new Usage(input, 0, output, 0, true);
    }

    private void finish(Exchange exchange, int status, Usage usage, boolean streaming) {
        exchange.put(USAGE, usage);
        Caller caller = exchange.get(AuthInterceptor.CALLER);
        Deployment deployment = exchange.get(CallInterceptor.DEPLOYMENT);
        long cost = usage == Usage.NONE ? 0 : prices.priceOf(deployment != null ? deployment.id() : null,
                deployment != null ? deployment.upstreamModel() : null, exchange.requestedModel()).costNanos(usage);
        exchange.put(COST_NANOS, cost);
        Instant now = clock.instant();
        sink.record(new UsageRecord(newId(), exchange.requestId(), now,
                caller != null && caller.tenant() != null ? caller.tenant().id() : null,
                caller != null && caller.key() != null ? caller.key().id() : null,
                exchange.requestedModel(), deployment != null ? deployment.id() : null,
                deployment != null ? deployment.upstreamModel() : null, status, usage.inputTokens(),
                usage.cachedInputTokens(), usage.outputTokens(), usage.reasoningTokens(), cost, usage.estimated(),
                streaming));
        if (cost > 0 && caller != null && !caller.budgets().isEmpty()) {
            List<BudgetSpec> budgets = caller.budgets();
            ledger.charge(budgets, now, cost, budget -> history.costSince(budget.scope(), budget.period().start(now)),
                    after -> {
                        for (int i = 0; i < after.length; i++) {
                            alerts.check(budgets.get(i), after[i] - cost, after[i]);
                        }
                    });
        }
    }

    private String newId() {
        return "use_" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextInt());
    }

    /** The answer text as it was in JSON strings, unescaped. */
    private static String unescape(String escaped) {
        if (escaped.indexOf('\\') < 0) {
            return escaped;
        }
        try {
            JsonNode text = Json.MAPPER.readTree("\"" + escaped + "\"");
            return text.asText();
        } catch (IOException e) {
            return escaped; // an estimate from the escaped text is close enough
        }
    }
}
