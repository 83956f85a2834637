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
import dev.switchboard.guard.safety.GuardInterceptor;
import dev.switchboard.server.guard.Guards;
import dev.switchboard.server.privacy.Privacy;

/**
 * The one place the pipeline is assembled, outermost first, in the order of the design:
 * auth → limits → consent → redact → guard → cache → retrieve → route → call (→ guard, restore,
 * account, trace on the way out). Concerns not built yet have no entry.
 *
 * <p>On the way out a response passes the interceptors in reverse: {@code restore} comes after
 * {@code account} here so that it runs before it on the way out (accounting sees the answer the
 * client gets), and before {@code redact} so that it reads the vault redact leaves on the exchange.
 * {@code consent} sits just before {@code redact}: what the subject did not consent to is gone
 * before the tenant's own redaction runs, and a refusal is still accounted. {@code guard} comes after
 * {@code redact}, so it reads (and, on the way out, checks) text without the personal data, and
 * before {@code restore} on the way out, so a blocked sentence is never restored and sent.
 */
final class GatewayPipeline {

    private GatewayPipeline() {
    }

    static Pipeline create(SwitchboardConfig config, AuthInterceptor auth, RouteTable routes, GatewayOptions options,
                           RoutingListener listener, GatewayServices services, Privacy privacy, Guards guards) {
        return Pipeline.builder()
                .add("auth", auth)
                .add("validate", new RequestValidator(config.server().maxMessages()))
                .add("models", new ModelAccessInterceptor())
                .add("limits", new LimitInterceptor(services.limiter, services.ledger, services.history, options.clock(),
                        options.random(), services.background))
                .add("account", new AccountingInterceptor(PriceTable.of(config.pricing()), services.usageWriter,
                        services.ledger, services.history, options.clock(), options.random(), services.background,
                        BudgetAlerts.logging(config.accounting().budgetAlertRatio())))
                .add("restore", new RestoreInterceptor())
                .add("consent", new ConsentInterceptor(services.consentBook, services.consentUses, privacy.analyzer(),
                        privacy.policies(), config.consent(), options.clock()))
                .add("redact", new RedactInterceptor(privacy.policies(), privacy.analyzer()))
                .add("guard", new GuardInterceptor(guards.policies(), guards.listener()))
                .add("route", new RouteInterceptor(routes))
                .add("call", new CallInterceptor(routes, options.ticker(), options.sleeper(), options.random(), listener))
                .build();
    }
}
