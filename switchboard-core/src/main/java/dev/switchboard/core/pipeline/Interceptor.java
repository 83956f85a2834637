package dev.switchboard.core.pipeline;

/**
 * One concern of the gateway (authentication, limits, redaction, routing, ...), wrapped around the
 * rest of the pipeline as in OkHttp: it may look at and change the {@link Exchange} on the way in,
 * answer itself, or call {@link Chain#proceed()} and look at or wrap the {@link Response} on the way
 * out. Rejections are thrown as {@link dev.switchboard.core.api.ApiException}.
 *
 * <p>Contract, enforced at run time: {@code proceed()} at most once, and never return null. An
 * interceptor that answers itself (a cache hit) returns a response without calling it.
 *
 * <p>Implementations are thread-safe: one instance serves every request, each on its own thread.
 */
@FunctionalInterface
public interface Interceptor {

    Response intercept(Chain chain);

    /**
     * Whether this interceptor has nothing to do for {@code exchange} and will only call
     * {@code proceed()}: the stage is then left out of the request's trace. Cheap and free of side
     * effects; implementations that override it start {@link #intercept} with the same test. The
     * default, false, suits stages that always work.
     */
    default boolean passesThrough(Exchange exchange) {
        return false;
    }

    /** The rest of the pipeline, from one interceptor's point of view. */
    interface Chain {

        Exchange exchange();

        /** Runs the rest of the pipeline and returns its response. */
        Response proceed();
    }
}
