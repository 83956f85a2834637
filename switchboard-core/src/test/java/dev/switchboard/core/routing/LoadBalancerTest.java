package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.core.config.Strategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadBalancerTest {

    private static final long MS = 1_000_000L;

    private static Deployment deployment(String id, int weight) {
        return new Deployment(id, request -> {
            throw new AssertionError("not called");
        }, id, weight, new DeploymentHealth(new CircuitBreaker(5, 1, CircuitBreaker.Listener.NONE)));
    }

    private static Deployment withOutstanding(Deployment d, int outstanding) {
        for (int i = 0; i < outstanding; i++) {
            d.health().requestStarted();
        }
        return d;
    }

    private static Deployment withLatency(Deployment d, long millis) {
        d.health().recordLatency(millis * MS, 1_000 * MS);
        return d;
    }

    private static Map<String, Double> shares(LoadBalancer balancer, List<Deployment> candidates, int picks, long seed) {
        Random random = new Random(seed);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(balancer.pick(candidates, random).id(), 1, Integer::sum);
        }
        Map<String, Double> shares = new HashMap<>();
        for (Deployment d : candidates) {
            shares.put(d.id(), counts.getOrDefault(d.id(), 0) / (double) picks);
        }
        return shares;
    }

    @Test
    void strategiesMapToTheirBalancers() {
        List<Deployment> candidates = List.of(withOutstanding(deployment("busy", 1), 5), deployment("idle", 1));

        assertThat(LoadBalancer.of(Strategy.LEAST_OUTSTANDING).pick(candidates, new Random(1)).id()).isEqualTo("idle");
        assertThat(shares(LoadBalancer.of(Strategy.WEIGHTED), candidates, 2_000, 1).get("busy")).isBetween(0.4, 0.6);
    }

    @Test
    void weightedSplitsTrafficInProportionToWeight() {
        List<Deployment> candidates = List.of(deployment("a", 3), deployment("b", 1));

        Map<String, Double> shares = shares(LoadBalancer::weighted, candidates, 40_000, 42);

        assertThat(shares.get("a")).isCloseTo(0.75, within(0.01));
        assertThat(shares.get("b")).isCloseTo(0.25, within(0.01));
    }

    @Test
    void weightedSplitsTrafficAmongManyDeployments() {
        List<Deployment> candidates = List.of(deployment("a", 1), deployment("b", 2), deployment("c", 7));

        Map<String, Double> shares = shares(LoadBalancer::weighted, candidates, 50_000, 7);

        assertThat(shares.get("a")).isCloseTo(0.1, within(0.01));
        assertThat(shares.get("b")).isCloseTo(0.2, within(0.01));
        assertThat(shares.get("c")).isCloseTo(0.7, within(0.01));
    }

    @Test
    void weightedWithOneCandidatePicksIt() {
        Deployment only = deployment("only", 9);

        assertThat(LoadBalancer.weighted(List.of(only), new Random(3))).isSameAs(only);
    }

    @Test
    void leastOutstandingPicksTheLeastLoadedDeployment() {
        List<Deployment> candidates = List.of(withOutstanding(deployment("a", 1), 3),
                withOutstanding(deployment("b", 1), 1), withOutstanding(deployment("c", 1), 2));

        assertThat(shares(LoadBalancer::leastOutstanding, candidates, 100, 5).get("b")).isEqualTo(1.0);
    }

    @Test
    void leastOutstandingWeighsLoadByWeight() {
        // (2 + 1) / 3 = 1.0 beats (1 + 1) / 1 = 2.0
        List<Deployment> candidates = List.of(withOutstanding(deployment("small", 1), 1),
                withOutstanding(deployment("big", 3), 2));

        assertThat(shares(LoadBalancer::leastOutstanding, candidates, 100, 5).get("big")).isEqualTo(1.0);
    }

    @Test
    void leastOutstandingBreaksTiesEvenlyAcrossAllTiedDeployments() {
        List<Deployment> candidates = List.of(deployment("a", 1), withOutstanding(deployment("busy", 1), 4),
                deployment("b", 1), deployment("c", 1));

        Map<String, Double> shares = shares(LoadBalancer::leastOutstanding, candidates, 30_000, 11);

        assertThat(shares.get("busy")).isZero();
        assertThat(shares.get("a")).isCloseTo(1 / 3.0, within(0.015));
        assertThat(shares.get("b")).isCloseTo(1 / 3.0, within(0.015));
        assertThat(shares.get("c")).isCloseTo(1 / 3.0, within(0.015));
    }

    @Test
    void latencyPrefersTheLowerAverage() {
        List<Deployment> candidates = List.of(withLatency(deployment("slow", 1), 100),
                withLatency(deployment("fast", 1), 50));

        assertThat(shares(LoadBalancer::latency, candidates, 200, 9).get("fast")).isEqualTo(1.0);
    }

    @Test
    void latencyWeighsTheAverageByRequestsInFlight() {
        // 50ms x (3 + 1) = 200 loses to 100ms x (0 + 1) = 100
        List<Deployment> candidates = List.of(withLatency(deployment("slow", 1), 100),
                withOutstanding(withLatency(deployment("fast", 1), 50), 3));

        assertThat(shares(LoadBalancer::latency, candidates, 200, 9).get("slow")).isEqualTo(1.0);
    }

    @Test
    void latencyGivesDeploymentsWithoutSamplesAChance() {
        List<Deployment> candidates = List.of(withLatency(deployment("a", 1), 100),
                withLatency(deployment("b", 1), 200), deployment("new", 1));

        Map<String, Double> shares = shares(LoadBalancer::latency, candidates, 30_000, 13);

        // pairs {a,b} -> a, {a,new} -> new, {b,new} -> new
        assertThat(shares.get("new")).isCloseTo(2 / 3.0, within(0.015));
        assertThat(shares.get("a")).isCloseTo(1 / 3.0, within(0.015));
        assertThat(shares.get("b")).isZero();
    }

    @Test
    void latencyComparesTwoDistinctDeploymentsEachTime() {
        // With a fast deployment among many slow ones, only pairs that include it pick it.
        List<Deployment> candidates = List.of(withLatency(deployment("fast", 1), 10),
                withLatency(deployment("s1", 1), 100), withLatency(deployment("s2", 1), 100),
                withLatency(deployment("s3", 1), 100));

        Map<String, Double> shares = shares(LoadBalancer::latency, candidates, 30_000, 17);

        // the fast one is in 3 of the 6 pairs
        assertThat(shares.get("fast")).isCloseTo(0.5, within(0.015));
    }

    @Test
    void latencyWithOneCandidatePicksIt() {
        Deployment only = deployment("only", 1);

        assertThat(LoadBalancer.latency(List.of(only), new Random(3))).isSameAs(only);
    }
}
