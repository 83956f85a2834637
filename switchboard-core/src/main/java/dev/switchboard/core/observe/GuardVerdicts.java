package dev.switchboard.core.observe;

import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hook guards report their decisions through: one call per decision, on the request's thread.
 * Observability turns the verdicts of a request into {@code switchboard_guard_verdicts_total}
 * (by guard and action), span events and the request log's {@code guards} field; a guard needs
 * no reference to any of them.
 *
 * <pre>{@code
 * GuardVerdicts.record(exchange, "injection", "block");
 * }</pre>
 *
 * <p>Guard and action names become metric labels: use a fixed, small set (the guard's config name;
 * {@code allow}, {@code block}, {@code redact}, {@code flag}, ...), never text from the request.
 */
public final class GuardVerdicts {

    /** One decision of one guard. */
    public record Verdict(String guard, String action) {
        public Verdict {
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(action, "action");
        }
    }

    private static final Attribute<List<Verdict>> VERDICTS = Attribute.named("guard-verdicts");

    private GuardVerdicts() {
    }

    /** Records that {@code guard} decided {@code action} on this request. */
    public static void record(Exchange exchange, String guard, String action) {
        List<Verdict> verdicts = exchange.get(VERDICTS);
        if (verdicts == null) {
            verdicts = new ArrayList<>(2);
            exchange.put(VERDICTS, verdicts);
        }
        verdicts.add(new Verdict(guard, action));
    }

    /** The verdicts recorded on this request so far, in order; empty when none. */
    public static List<Verdict> of(Exchange exchange) {
        List<Verdict> verdicts = exchange.get(VERDICTS);
        return verdicts == null ? List.of() : List.copyOf(verdicts);
    }
}
