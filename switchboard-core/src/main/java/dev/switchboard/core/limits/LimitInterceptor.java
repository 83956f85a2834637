package dev.switchboard.core.limits;

import dev.switchboard.core.accounting.AccountingInterceptor;
import dev.switchboard.core.accounting.TokenCounter;
import dev.switchboard.core.accounting.Usage;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Enforces the caller's budgets and rate limits (its key's and its tenant's) before a request
 * goes anywhere: a budget already spent gets 429 {@code budget_exceeded}; RPM, TPM and concurrency
 * are checked together by the {@link RateLimiter} (TPM with the request's input tokens, estimated
 * now and corrected with real usage when the response ends). Every response carries OpenAI's
 * {@code x-ratelimit-*} headers. A response that crosses a budget is finished; the next request is
 * refused.
 */
public final class LimitInterceptor implements Interceptor {

    private final RateLimiter limiter;
    private final BudgetLedger ledger;
    private final SpendHistory history;
    private final InstantSource clock;
    private final RandomGenerator random;

    public LimitInterceptor(RateLimiter limiter, BudgetLedger ledger, SpendHistory history, InstantSource clock,
                            RandomGenerator random) {
        this.limiter = limiter;
        this.ledger = ledger;
        this.history = history;
        this.clock = clock;
        this.random = random;
    }

    @Override
    public boolean passesThrough(Exchange exchange) {
        Caller caller = exchange.get(AuthInterceptor.CALLER);
        return caller == null || caller.master();
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (passesThrough(exchange)) {
            return chain.proceed();
        }
        Caller caller = exchange.get(AuthInterceptor.CALLER);
        checkBudgets(caller);
        List<LimitSpec> specs = caller.limits();
        if (specs.isEmpty()) {
            return chain.proceed();
        }
        long tokens = specs.stream().anyMatch(spec -> spec.tokensPerMinute() != null) ? inputTokens(exchange) : 0;
        String lease = exchange.requestId() + "#" + Long.toHexString(random.nextLong());
        Admission admission = limiter.acquire(specs, tokens, lease);
        Map<String, String> headers = RateLimitHeaders.of(admission.states());
        if (!admission.allowed()) {
            throw rejection(caller, admission, tokens, headers);
        }
        Response response;
        try {
            response = chain.proceed();
        } catch (RuntimeException e) {
            limiter.release(specs, lease, -tokens); // nothing was generated
            if (e instanceof ApiException api) {
                headers.forEach(api::header);
            }
            throw e;
        }
        return response.withEvents(events -> events.whenEnded(() -> {
            Usage usage = exchange.get(AccountingInterceptor.USAGE);
            long correction = usage != null && usage != Usage.NONE ? usage.totalTokens() - tokens : -tokens;
            limiter.release(specs, lease, correction);
        })).withHeaders(headers);
    }

    private void checkBudgets(Caller caller) {
        List<BudgetSpec> budgets = caller.budgets();
        if (budgets.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        long[] spent = ledger.spent(budgets, now, budget -> history.costSince(budget.scope(), budget.period().start(now)));
        for (int i = 0; i < spent.length; i++) {
            BudgetSpec budget = budgets.get(i);
            if (spent[i] >= budget.limitNanos()) {
                Instant end = budget.period().end(now);
                throw new ApiException(new ApiError(429, "insufficient_quota", "budget_exceeded", null,
                        owner(caller, budget.scope()) + " has spent " + dollars(spent[i]) + " of its "
                                + budget.period().adjective() + " budget of " + dollars(budget.limitNanos())
                                + "; requests are refused until the budget renews at " + end + "."))
                        .header("retry-after", Long.toString(Math.max(1, Duration.between(now, end).toSeconds())));
            }
        }
    }

    private static ApiException rejection(Caller caller, Admission admission, long tokens, Map<String, String> headers) {
        ApiException error;
        LimitState limit = admission.rejected();
        if (admission.degraded() && limit == null) {
            error = new ApiException(new ApiError(503, "server_error", "limits_unavailable", null,
                    "Rate limits cannot be checked right now (the shared limit store is unreachable); retry shortly."));
        } else {
            String owner = owner(caller, limit.scope());
            String message = switch (limit.kind()) {
                case REQUESTS -> "Rate limit reached for " + owner + " on requests per minute (RPM): limit "
                        + limit.limit() + ".";
                case TOKENS -> tokens > limit.limit()
                        ? "This request needs about " + tokens + " tokens, more than " + owner + "'s limit of "
                        + limit.limit() + " tokens per minute (TPM); shorten it."
                        : "Rate limit reached for " + owner + " on tokens per minute (TPM): limit " + limit.limit()
                        + ", this request needs about " + tokens + ".";
                case CONCURRENT -> "Too many requests in flight for " + owner + ": limit " + limit.limit() + ".";
            };
            error = new ApiException(new ApiError(429, limit.kind() == LimitKind.TOKENS ? "tokens" : "requests",
                    limit.kind() == LimitKind.CONCURRENT ? "concurrency_limit_exceeded" : "rate_limit_exceeded", null,
                    message + " Try again in " + RateLimitHeaders.format(admission.retryAfter()) + "."));
        }
        error.header("retry-after", Long.toString(Math.max(1, (admission.retryAfter().toMillis() + 999) / 1000)));
        headers.forEach(error::header);
        return error;
    }

    private static long inputTokens(Exchange exchange) {
        return exchange.operation() == Operation.EMBEDDINGS ? TokenCounter.embeddingsInput(exchange.body())
                : TokenCounter.chatInput(exchange.body());
    }

    private static String owner(Caller caller, String scope) {
        if (caller.tenant() != null && scope.equals(Caller.tenantScope(caller.tenant().id()))) {
            return "tenant '" + caller.tenant().name() + "'";
        }
        return "key " + caller.key().prefix() + "..." + (caller.key().name() != null ? " ('" + caller.key().name() + "')" : "");
    }

    /** Dollars with cents, or with up to six decimals below a cent. */
    static String dollars(long nanos) {
        BigDecimal dollars = BigDecimal.valueOf(nanos, 9);
        return "$" + (nanos >= 10_000_000 || nanos == 0 ? dollars.setScale(2, RoundingMode.HALF_UP)
                : dollars.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros()).toPlainString();
    }
}
