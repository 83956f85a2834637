package dev.switchboard.core.config;

import java.math.BigDecimal;

/**
 * The price of one model, either per token (US dollars per million tokens) or, for self-hosted
 * models, by share of GPU time.
 *
 * @param input dollars per million uncached input tokens
 * @param cachedInput dollars per million cached input tokens; default: {@code input}
 * @param output dollars per million output tokens (reasoning tokens included)
 * @param gpuHour dollars per GPU-hour of the deployment, instead of per-token prices
 * @param tokensPerSecond tokens the deployment serves per second at its usual load, with {@code gpuHour}
 */
public record PriceConfig(BigDecimal input, BigDecimal cachedInput, BigDecimal output, BigDecimal gpuHour,
                          BigDecimal tokensPerSecond) {
}
