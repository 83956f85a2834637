package dev.switchboard.core.accounting;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What tokens of one model cost, in US dollars per million tokens. Cached input tokens cost
 * {@code cachedInput} (the input price when not set); reasoning tokens are output tokens.
 *
 * @param input price of a million uncached input tokens
 * @param cachedInput price of a million cached input tokens
 * @param output price of a million output tokens
 */
public record Price(BigDecimal input, BigDecimal cachedInput, BigDecimal output) {

    public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    private static final BigDecimal NANOS_PER_MILLION_TOKENS_PER_USD = BigDecimal.valueOf(1_000);

    public Price {
        cachedInput = cachedInput != null ? cachedInput : input;
    }

    /**
     * A self-hosted model priced by its share of GPU time: every token costs
     * {@code gpuHourUsd / (3600 × tokensPerSecond)}, where {@code tokensPerSecond} is what the
     * deployment serves at its usual load.
     */
    public static Price perGpuHour(BigDecimal gpuHourUsd, BigDecimal tokensPerSecond) {
        BigDecimal perMillion = gpuHourUsd.multiply(BigDecimal.valueOf(1_000_000))
                .divide(tokensPerSecond.multiply(BigDecimal.valueOf(3600)), 12, RoundingMode.HALF_UP);
        return new Price(perMillion, perMillion, perMillion);
    }

    /** The cost of {@code usage}, in billionths of a US dollar, rounded to the nearest. */
    public long costNanos(Usage usage) {
        // $ per 1M tokens × 1e9 nano$/$ ÷ 1e6 tokens = × 1000 nano$ per token
        BigDecimal nanos = input.multiply(BigDecimal.valueOf(usage.inputTokens() - usage.cachedInputTokens()))
                .add(cachedInput.multiply(BigDecimal.valueOf(usage.cachedInputTokens())))
                .add(output.multiply(BigDecimal.valueOf(usage.outputTokens())))
                .multiply(NANOS_PER_MILLION_TOKENS_PER_USD);
        return nanos.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
