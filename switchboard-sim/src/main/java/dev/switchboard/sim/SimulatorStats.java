package dev.switchboard.sim;

/**
 * A snapshot of what a {@link Simulator} has seen since it started. Counters only grow.
 *
 * @param requests          every HTTP request received, on any path (including health, models and 404s)
 * @param chatRequests      requests to {@code POST /v1/chat/completions}, valid or not
 * @param embeddingRequests requests to {@code POST /v1/embeddings}, valid or not
 * @param streamsStarted    streaming chat answers whose response headers were sent
 * @param streamsCompleted  streams that ended cleanly with {@code data: [DONE]}
 * @param streamsCancelled  streams that ended because the client went away (a write to it failed)
 * @param faultsInjected    requests answered with an injected fault (status, hang or disconnect),
 *                          scripted or drawn from the configured rates
 */
public record SimulatorStats(
        long requests,
        long chatRequests,
        long embeddingRequests,
        long streamsStarted,
        long streamsCompleted,
        long streamsCancelled,
        long faultsInjected) {
}
