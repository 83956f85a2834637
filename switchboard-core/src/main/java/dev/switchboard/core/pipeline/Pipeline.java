package dev.switchboard.core.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * An ordered chain of named {@link Interceptor}s, outermost first. The last interceptor answers
 * every request itself (it calls the upstream). Immutable and thread-safe; a new pipeline is built
 * when configuration changes, and requests already running finish on the one they started with.
 */
public final class Pipeline {

    private final List<String> names;
    private final List<Interceptor> interceptors;

    private Pipeline(List<String> names, List<Interceptor> interceptors) {
        this.names = List.copyOf(names);
        this.interceptors = List.copyOf(interceptors);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the exchange through every interceptor.
     *
     * @throws dev.switchboard.core.api.ApiException when the request is rejected or fails
     * @throws IllegalStateException naming the interceptor that broke the chain's contract
     */
    public Response execute(Exchange exchange) {
        return new RealChain(exchange, 0).proceed();
    }

    /** The interceptor names, outermost first. */
    public List<String> names() {
        return names;
    }

    private final class RealChain implements Interceptor.Chain {
        private final Exchange exchange;
        private final int index;
        private boolean proceeded;

        RealChain(Exchange exchange, int index) {
            this.exchange = exchange;
            this.index = index;
        }

        @Override
        public Exchange exchange() {
            return exchange;
        }

        @Override
        public Response proceed() {
            if (index >= interceptors.size()) {
                throw new IllegalStateException("interceptor " + names.get(index - 1)
                        + " called proceed() but is the last in the pipeline and must answer itself");
            }
            if (proceeded) {
                throw new IllegalStateException("interceptor " + (index == 0 ? "(pipeline)" : names.get(index - 1))
                        + " must call proceed() at most once");
            }
            proceeded = true;
            Response response = interceptors.get(index).intercept(new RealChain(exchange, index + 1));
            if (response == null) {
                throw new IllegalStateException("interceptor " + names.get(index) + " returned null");
            }
            return response;
        }
    }

    /** Builds a pipeline in the order interceptors are added, outermost first. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Interceptor> interceptors = new ArrayList<>();
        private BiFunction<String, Interceptor, Interceptor> around = (name, interceptor) -> interceptor;

        private Builder() {
        }

        /**
         * Wraps every interceptor of the pipeline, by its name, when it is built: how tracing gives
         * each stage a span without the stages knowing. Default: none.
         */
        public Builder around(BiFunction<String, Interceptor, Interceptor> wrapper) {
            this.around = Objects.requireNonNull(wrapper, "wrapper");
            return this;
        }

        /** @param name how messages about this interceptor name it, e.g. {@code auth} */
        public Builder add(String name, Interceptor interceptor) {
            if (names.contains(name)) {
                throw new IllegalArgumentException("interceptor name used twice: " + name);
            }
            names.add(Objects.requireNonNull(name, "name"));
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        public Pipeline build() {
            if (interceptors.isEmpty()) {
                throw new IllegalStateException("a pipeline needs at least one interceptor");
            }
            List<Interceptor> wrapped = new ArrayList<>(interceptors.size());
            for (int i = 0; i < interceptors.size(); i++) {
                wrapped.add(Objects.requireNonNull(around.apply(names.get(i), interceptors.get(i)),
                        "wrapper of " + names.get(i)));
            }
            return new Pipeline(names, wrapped);
        }
    }
}
