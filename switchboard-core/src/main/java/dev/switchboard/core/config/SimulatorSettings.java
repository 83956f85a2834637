package dev.switchboard.core.config;

import java.time.Duration;

/**
 * Behaviour of a {@code simulator} provider: the built-in stand-in for an LLM server, for demos and
 * tests. Its answers are synthetic and say so.
 *
 * @param ttft time to first token; default 0
 * @param tokensPerSecond pace of streamed tokens; 0 means as fast as possible; default 0
 * @param responseTokens answer length in tokens when the request does not cap it; default 16
 * @param embeddingDimensions length of simulated embedding vectors; default 384
 */
public record SimulatorSettings(Duration ttft, Double tokensPerSecond, Integer responseTokens,
                                Integer embeddingDimensions) {

    public SimulatorSettings {
        ttft = ttft != null ? ttft : Duration.ZERO;
        tokensPerSecond = tokensPerSecond != null ? tokensPerSecond : 0.0;
        responseTokens = responseTokens != null ? responseTokens : 16;
        embeddingDimensions = embeddingDimensions != null ? embeddingDimensions : 384;
    }
}
