package dev.switchboard.server;

import dev.switchboard.core.accounting.AccountingInterceptor;
import dev.switchboard.core.accounting.BudgetAlerts;
import dev.switchboard.core.accounting.PriceTable;
import dev.switchboard.core.api.RequestValidator;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.limits.LimitInterceptor;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.routing.CallInterceptor;
import dev.switchboard.core.routing.RouteInterceptor;
import dev.switchboard.core.routing.RouteTable;
import dev.switchboard.core.routing.RoutingListener;
import dev.switchboard.core.tenancy.ModelAccessInterceptor;
import dev.switchboard.guard.consent.ConsentInterceptor;
import dev.switchboard.guard.redact.RedactInterceptor;
import dev.switchboard.guard.redact.RestoreInterceptor;
import dev.switchboard.guard.tools.StructuredOutputInterceptor;
import dev.switchboard.guard.tools.ToolPolicies;
import dev.switchboard.guard.tools.ToolPolicyInterceptor;
import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.redact.LogRedactor;
import dev.switchboard.server.observability.Observability;
import dev.switchboard.guard.safety.GuardInterceptor;
import dev.switchboard.server.guard.Guards;
import dev.switchboard.server.privacy.Privacy;
import java.util.function.UnaryOperator;
import dev.switchboard.server.retrieval.RetrievalInterceptor;

/**
 * The one place the pipeline is assembled, outermost first, in the order of the design:
 * observe → auth → limits → consent → redact → guard → cache → retrieve → route → call (→ guard, restore,
 * account, trace on the way out). Concerns not built yet have no entry.
 *
 * <p>On the way out a response passes the interceptors in reverse: {@code restore} comes after
 * {@code account} here so that it runs before it on the way out (accounting sees the answer the
 * client gets), and before {@code redact} so that it reads the vault redact leaves on the exchange.
 * {@code consent} sits just before {@code redact}: what the subject did not consent to is gone
 * before the tenant's own redaction runs, and a refusal is still accounted.
 *
 * <p>{@code tools} refuses undeclarable tools and unusable schemas before limits count the request;
 * {@code structured} sits just before {@code route} because it re-asks the model through route and
 * call alone (an interceptor proceeds only once), with the redacted request.
 * before the tenant's own redaction runs, and a refusal is still accounted. {@code retrieve} comes
 * before both (not after, as in the design's list): it takes its part of the {@code switchboard}
 * request extension, which {@code consent} reads and removes, and the grounded prompt it builds
 * then passes the same consent and redaction as the user's own text.
 *
 * <p>{@code guard} comes after {@code redact}, so it reads (and, on the way out, checks) text without
 * the personal data, and before {@code restore} on the way out, so a blocked sentence is never
 * restored and sent; it sits before {@code structured}, so it checks the answer that was validated.
 */
final class GatewayPipeline {

    private GatewayPipeline() {
    }

    static Pipeline create(SwitchboardConfig config, AuthInterceptor auth, RouteTable routes, GatewayOptions options,
                           RoutingListener listener, GatewayServices services, Privacy privacy,
                           Observability observability, Guards guards) {
        RouteInterceptor route = new RouteInterceptor(routes);
        CallInterceptor call = new CallInterceptor(routes, options.ticker(), options.sleeper(), options.random(), listener);
        Pipeline reasks = Pipeline.builder().add("route", route).add("call", call).build();
        Pipeline.Builder pipeline = Pipeline.builder().around(observability.stages());
        if (observability.observesRequests()) { // first, so that it sees every request and its whole answer
            pipeline.add(Observability.STAGE, observability.interceptor(config, routes, contentRedactor(privacy)));
        }
        return pipeline
                .add("auth", auth)
                .add("validate", new RequestValidator(config.server().maxMessages()))
                .add("models", new ModelAccessInterceptor())
                .add("tools", new ToolPolicyInterceptor(ToolPolicies.from(config.tools())))
                .add("limits", new LimitInterceptor(services.limiter, services.ledger, services.history, options.clock(),
                        options.random()))
                .add("account", new AccountingInterceptor(PriceTable.of(config.pricing()), services.usageWriter,
                        services.ledger, services.history, options.clock(), options.random(),
                        observability.budgetAlerts(BudgetAlerts.logging(config.accounting().budgetAlertRatio()))))
                .add("restore", new RestoreInterceptor())
                .add("retrieve", new RetrievalInterceptor(services.retrieval, services.sessions))
                .add("consent", new ConsentInterceptor(services.consentBook, services.consentUses, privacy.analyzer(),
                        privacy.policies(), config.consent(), options.clock()))
                .add("redact", new RedactInterceptor(privacy.policies(), privacy.analyzer()))
                .add("guard", new GuardInterceptor(guards.policies(), guards.listener()))
                .add("structured", new StructuredOutputInterceptor(reasks::execute))
                .add("route", route)
                .add("call", call)
                .build();
    }

    /**
     * What replaces personal data in text observability keeps (span content, request log bodies,
     * feedback comments): always on, whatever the tenants' policies and {@code redact_logs} say.
     */
    static UnaryOperator<String> contentRedactor(Privacy privacy) {
        return new LogRedactor(privacy.analyzer(), AnalysisOptions.DEFAULT)::redact;
    }
}
