package dev.switchboard.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Simulator} behaves: where it listens, how fast it "generates", and which faults it
 * injects. Immutable; validated on construction, each violation named with its field and value.
 *
 * @param host                bind address. Default {@code "127.0.0.1"}; {@code "0.0.0.0"} listens on
 *                            every interface
 * @param port                TCP port. Default {@code 0}, meaning an ephemeral port chosen at start
 *                            (read it back with {@link Simulator#port()})
 * @param timeToFirstToken    wait before the first content token of a chat completion; for a
 *                            non-streaming answer the whole answer waits this long plus the token
 *                            pacing. Default {@link Duration#ZERO}: answer at once
 * @param tokensPerSecond     pace of content tokens after the first, in tokens per second. Default
 *                            {@code 0}: no pacing, tokens as fast as they can be written
 * @param responseTokens      length of a generated text answer in tokens when the request does not
 *                            cap it with {@code max_tokens}/{@code max_completion_tokens}. Default
 *                            {@code 16}
 * @param embeddingDimensions length of an embedding vector when the request does not ask for
 *                            {@code dimensions}. Default {@code 384}
 * @param rate429             probability in [0,1] that a chat or embeddings request is answered
 *                            429 with {@code retry-after}. Default {@code 0}
 * @param rate500             probability in [0,1] that a chat or embeddings request is answered 500.
 *                            Default {@code 0}
 * @param rateTimeout         probability in [0,1] that a chat or embeddings request is never answered
 *                            (held open until the client goes away or the simulator closes).
 *                            Default {@code 0}
 * @param rateDisconnect      probability in [0,1] that a streaming chat request breaks off after
 *                            about half its tokens, without {@code [DONE]}. Default {@code 0}
 * @param retryAfter          value of the {@code retry-after} header on 429 answers, sent in whole
 *                            seconds rounded up, at least 1. Default 1 second
 * @param seed                seed of the random source that draws the fault rates, so a run of
 *                            requests meets the same faults every time. Default {@code 42}
 * @param cachedPromptTokens  prompt tokens reported as served from a prompt cache
 *                            ({@code usage.prompt_tokens_details.cached_tokens}, at most the prompt's
 *                            tokens), as hosted APIs report them. Default {@code 0}
 * @param reasoningTokens     hidden reasoning tokens added to every chat completion's
 *                            {@code completion_tokens} and reported in
 *                            {@code usage.completion_tokens_details.reasoning_tokens}, as reasoning
 *                            models report them. Default {@code 0}
 * @param echo                answer with the label and the text of the last user message instead of
 *                            filler words, in pieces of 3
 *                            chars, and put that text in the string fields of tool-call arguments; lets
 *                            tests see what reached the upstream in the answer. Default {@code false}
 */
public record SimulatorConfig(
        String host,
        int port,
        Duration timeToFirstToken,
        double tokensPerSecond,
        int responseTokens,
        int embeddingDimensions,
        double rate429,
        double rate500,
        double rateTimeout,
        double rateDisconnect,
        Duration retryAfter,
        long seed,
        int cachedPromptTokens,
        int reasoningTokens,
        boolean echo) {

    /** Upper bound of {@code responseTokens}, to keep a misconfiguration from exhausting memory. */
    static final int MAX_RESPONSE_TOKENS = 1_000_000;
    /** Upper bound of embedding dimensions (configured or requested). */
    static final int MAX_EMBEDDING_DIMENSIONS = 16_384;

    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        requireArgument(cachedPromptTokens >= 0, "cachedPromptTokens must not be negative: %s", cachedPromptTokens);
        requireArgument(reasoningTokens >= 0 && reasoningTokens <= MAX_RESPONSE_TOKENS,
                "reasoningTokens must be in [0,%s]: %s", MAX_RESPONSE_TOKENS, reasoningTokens);
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(retryAfter, "retryAfter");
        requireArgument(!host.isBlank(), "host must not be blank: '%s'", host);
        requireArgument(port >= 0 && port <= 65_535, "port must be in [0,65535]: %s", port);
        requireArgument(!timeToFirstToken.isNegative(), "timeToFirstToken cannot be negative: %s", timeToFirstToken);
        requireArgument(Double.isFinite(tokensPerSecond) && tokensPerSecond >= 0,
                "tokensPerSecond must be a finite number >= 0: %s", tokensPerSecond);
        requireArgument(responseTokens >= 1 && responseTokens <= MAX_RESPONSE_TOKENS,
                "responseTokens must be in [1,%s]: %s", MAX_RESPONSE_TOKENS, responseTokens);
        requireArgument(embeddingDimensions >= 1 && embeddingDimensions <= MAX_EMBEDDING_DIMENSIONS,
                "embeddingDimensions must be in [1,%s]: %s", MAX_EMBEDDING_DIMENSIONS, embeddingDimensions);
        requireRate("rate429", rate429);
        requireRate("rate500", rate500);
        requireRate("rateTimeout", rateTimeout);
        requireRate("rateDisconnect", rateDisconnect);
        requireArgument(!retryAfter.isNegative(), "retryAfter cannot be negative: %s", retryAfter);
    }

    /** The defaults listed on each component. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Nanoseconds between two content tokens; 0 when unpaced. */
    long tokenIntervalNanos() {
        return tokensPerSecond == 0 ? 0 : Math.round(1e9 / tokensPerSecond);
    }

    /** {@code retry-after} header value: whole seconds, rounded up, at least 1. */
    long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    boolean injectsRandomFaults() {
        return rate429 > 0 || rate500 > 0 || rateTimeout > 0 || rateDisconnect > 0;
    }

    private static void requireRate(String name, double rate) {
        requireArgument(rate >= 0 && rate <= 1, "%s must be in [0,1]: %s", name, rate);
    }

    private static void requireArgument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }

    /** Mutable builder of {@link SimulatorConfig}; not thread-safe. Defaults as documented on the record. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Duration timeToFirstToken = Duration.ZERO;
        private double tokensPerSecond;
        private int responseTokens = 16;
        private int embeddingDimensions = 384;
        private double rate429;
        private double rate500;
        private double rateTimeout;
        private double rateDisconnect;
        private Duration retryAfter = Duration.ofSeconds(1);
        private long seed = 42;
        private int cachedPromptTokens;
        private int reasoningTokens;
        private boolean echo;

        private Builder() {
        }

        private Builder(SimulatorConfig c) {
            host = c.host;
            port = c.port;
            timeToFirstToken = c.timeToFirstToken;
            tokensPerSecond = c.tokensPerSecond;
            responseTokens = c.responseTokens;
            embeddingDimensions = c.embeddingDimensions;
            rate429 = c.rate429;
            rate500 = c.rate500;
            rateTimeout = c.rateTimeout;
            rateDisconnect = c.rateDisconnect;
            retryAfter = c.retryAfter;
            seed = c.seed;
            cachedPromptTokens = c.cachedPromptTokens;
            reasoningTokens = c.reasoningTokens;
            echo = c.echo;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder timeToFirstToken(Duration timeToFirstToken) {
            this.timeToFirstToken = timeToFirstToken;
            return this;
        }

        public Builder tokensPerSecond(double tokensPerSecond) {
            this.tokensPerSecond = tokensPerSecond;
            return this;
        }

        public Builder responseTokens(int responseTokens) {
            this.responseTokens = responseTokens;
            return this;
        }

        public Builder embeddingDimensions(int embeddingDimensions) {
            this.embeddingDimensions = embeddingDimensions;
            return this;
        }

        public Builder rate429(double rate429) {
            this.rate429 = rate429;
            return this;
        }

        public Builder rate500(double rate500) {
            this.rate500 = rate500;
            return this;
        }

        public Builder rateTimeout(double rateTimeout) {
            this.rateTimeout = rateTimeout;
            return this;
        }

        public Builder rateDisconnect(double rateDisconnect) {
            this.rateDisconnect = rateDisconnect;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder cachedPromptTokens(int cachedPromptTokens) {
            this.cachedPromptTokens = cachedPromptTokens;
            return this;
        }

        public Builder reasoningTokens(int reasoningTokens) {
            this.reasoningTokens = reasoningTokens;
            return this;
        }

        public Builder echo(boolean echo) {
            this.echo = echo;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid field and its value */
        public SimulatorConfig build() {
            return new SimulatorConfig(host, port, timeToFirstToken, tokensPerSecond, responseTokens,
                    embeddingDimensions, rate429, rate500, rateTimeout, rateDisconnect, retryAfter, seed,
                    cachedPromptTokens, reasoningTokens, echo);
        }
    }
}
