package dev.switchboard.server.observability;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;
import io.opentelemetry.api.trace.Span;
import java.util.Set;

/**
 * Wraps a pipeline stage so that its own work on the way in becomes a span: from entering the
 * stage to its call of {@code proceed()} (or to its answer or refusal, if it never proceeds). The
 * spans of a request's stages are thus siblings under its server span, each as long as that stage
 * took, rather than a staircase of spans each containing the rest of the pipeline.
 *
 * <p>Work a stage does on the way out happens as the answer streams and is part of the server
 * span. Stages of a request that is not traced run unwrapped.
 */
final class StageSpans {

    /**
     * Not wrapped: {@code observe} makes the request's span; {@code call}'s work is the attempt
     * spans; the others are in-memory bookkeeping of a few microseconds (a cached key lookup for
     * {@code auth}), whose spans would cost more than they tell (at 500 req/s every span is 500
     * more a second to build and export). Stages not named here — limits, tools, retrieval,
     * consent, redaction, guards, structured output — get a span for the requests they work on,
     * none for those they {@linkplain Interceptor#passesThrough pass through}.
     */
    private static final Set<String> UNWRAPPED = Set.of(Observability.STAGE, "call", "auth", "validate", "models",
            "account", "restore", "route");

    private StageSpans() {
    }

    static Interceptor wrap(String stage, Interceptor interceptor, GenAiSpans spans) {
        if (UNWRAPPED.contains(stage)) {
            return interceptor;
        }
        return chain -> {
            RequestObservation observation = chain.exchange().get(RequestObservation.KEY);
            if (observation == null || observation.context() == null || interceptor.passesThrough(chain.exchange())) {
                return interceptor.intercept(chain);
            }
            Span span = spans.startStage(observation.context(), stage);
            Ending ending = new Ending(chain, span);
            try {
                return interceptor.intercept(ending);
            } catch (ApiException e) {
                if (!ending.ended) {
                    spans.stageFailed(span, e.error().code() != null ? e.error().code() : e.error().type());
                }
                throw e;
            } finally {
                ending.end();
            }
        };
    }

    /** The rest of the pipeline, ending the stage's span when the stage hands the request on. */
    private static final class Ending implements Interceptor.Chain {
        private final Interceptor.Chain chain;
        private final Span span;
        private boolean ended;

        Ending(Interceptor.Chain chain, Span span) {
            this.chain = chain;
            this.span = span;
        }

        @Override
        public Exchange exchange() {
            return chain.exchange();
        }

        @Override
        public Response proceed() {
            end();
            return chain.proceed();
        }

        void end() {
            if (!ended) {
                ended = true;
                span.end();
            }
        }
    }
}
