package dev.switchboard.core.routing;

import dev.switchboard.core.config.Strategy;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks the deployment for one attempt among those currently allowed to take traffic.
 * Implementations are stateless and thread-safe; what they weigh lives in {@link DeploymentHealth}.
 */
@FunctionalInterface
public interface LoadBalancer {

    /**
     * @param candidates deployments that may take this attempt, never empty, all with weight above 0
     * @param random the router's source of randomness
     */
    Deployment pick(List<Deployment> candidates, RandomGenerator random);

    static LoadBalancer of(Strategy strategy) {
        return switch (strategy) {
            case WEIGHTED -> LoadBalancer::weighted;
            case LEAST_OUTSTANDING -> LoadBalancer::leastOutstanding;
            case LATENCY -> LoadBalancer::latency;
        };
    }

    /** Random, in proportion to weight. */
    static Deployment weighted(List<Deployment> candidates, RandomGenerator random) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        long total = 0;
        for (Deployment d : candidates) {
            total += d.weight();
        }
        long ticket = random.nextLong(total);
        for (Deployment d : candidates) {
            ticket -= d.weight();
            if (ticket < 0) {
                return d;
            }
        }
        throw new AssertionError("weights changed while picking");
    }

    /** Fewest requests in flight relative to weight; ties broken at random. */
    static Deployment leastOutstanding(List<Deployment> candidates, RandomGenerator random) {
        Deployment best = null;
        double bestLoad = Double.MAX_VALUE;
        int ties = 0;
        for (Deployment d : candidates) {
            double load = (d.health().outstanding() + 1.0) / d.weight();
            if (load < bestLoad) {
                best = d;
                bestLoad = load;
                ties = 1;
            } else if (load == bestLoad && random.nextInt(++ties) == 0) {
                best = d; // reservoir sampling keeps each tied deployment equally likely
            }
        }
        return best;
    }

    /**
     * Power of two choices: two deployments at random, the one with the lower peak-EWMA time to
     * first event times its requests in flight wins. A deployment without samples scores 0, so new
     * and recovered deployments are tried soon.
     */
    static Deployment latency(List<Deployment> candidates, RandomGenerator random) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Deployment a = candidates.get(i);
        Deployment b = candidates.get(j);
        return score(a) <= score(b) ? a : b;
    }

    private static double score(Deployment d) {
        return d.health().latencyNanos() * (d.health().outstanding() + 1);
    }
}
