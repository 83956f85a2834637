package dev.switchboard.redis;

import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.LimitKind;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.LimitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One call of {@code limits.lua} for a batch of releases and acquires: the script's keys and
 * arguments, and its answer read back into one answer per item. Releases are sent before acquires
 * whatever their order in the batch (see the script). Stateless.
 */
final class LimitsCall {

    private static final LuaScript SCRIPT = LuaScript.fromResource("limits.lua");

    /** What a batch carries for one caller: an acquire or a release. */
    sealed interface Item permits Acquire, Release {

        /** The scopes it touches, each with at least one limit. */
        List<LimitSpec> specs();

        /** Its share of a batch: the keys it sends, two per scope. */
        default int weight() {
            return 2 * specs().size();
        }
    }

    /** Admits a request against every limit of {@code specs} (distinct scopes, none unlimited). */
    record Acquire(List<LimitSpec> specs, long tokens, String leaseId) implements Item {
    }

    /**
     * Ends an admitted request in {@code specs}, its scopes with a TPM or concurrency limit (those
     * where it holds a lease); does nothing where it holds none.
     */
    record Release(List<LimitSpec> specs, String leaseId, long tokenCorrection) implements Item {
    }

    /** The Redis keys of one scope: its rate hash and its lease set. */
    record ScopeKeys(String rate, String leases) {
    }

    private LimitsCall() {
    }

    /**
     * Sends {@code batch} in one script call.
     *
     * @param leaseTtlMillis the lease TTL in ms, as text
     * @param keysOf the keys of a scope
     * @return for each item in order, its admission, or null for a release
     * @throws RedisUnavailableException if Redis could not be used
     */
    static List<Admission> send(RedisConnection redis, String leaseTtlMillis, Function<String, ScopeKeys> keysOf,
                                List<? extends Item> batch) {
        int weight = 0;
        for (Item item : batch) {
            weight += item.weight();
        }
        List<String> keys = new ArrayList<>(weight);
        List<String> args = new ArrayList<>(2 + 2 * weight);
        args.add(leaseTtlMillis);
        args.add(""); // the number of releases, known below
        int releases = 0;
        for (Item item : batch) {
            if (item instanceof Release release) {
                releases++;
                args.add(release.leaseId());
                args.add(Long.toString(release.tokenCorrection()));
                args.add(Integer.toString(release.specs().size()));
                for (LimitSpec spec : release.specs()) {
                    add(keys, keysOf.apply(spec.scope()));
                    args.add(text(spec.tokensPerMinute()));
                }
            }
        }
        args.set(1, Integer.toString(releases));
        for (Item item : batch) {
            if (item instanceof Acquire acquire) {
                args.add(Long.toString(acquire.tokens()));
                args.add(acquire.leaseId());
                args.add(Integer.toString(acquire.specs().size()));
                for (LimitSpec spec : acquire.specs()) {
                    add(keys, keysOf.apply(spec.scope()));
                    args.add(text(spec.requestsPerMinute()));
                    args.add(text(spec.tokensPerMinute()));
                    args.add(text(spec.maxConcurrent()));
                }
            }
        }
        List<?> reply = (List<?>) redis.eval(SCRIPT, keys, args);
        List<Admission> answers = new ArrayList<>(batch.size());
        int next = 1; // after the count of releases that held their lease
        for (Item item : batch) {
            answers.add(item instanceof Acquire acquire ? admission(acquire.specs(), (List<?>) reply.get(next++)) : null);
        }
        return answers;
    }

    private static void add(List<String> keys, ScopeKeys scope) {
        keys.add(scope.rate());
        keys.add(scope.leases());
    }

    private static Admission admission(List<LimitSpec> specs, List<?> reply) {
        boolean allowed = number(reply, 0) == 1;
        Duration retryAfter = Duration.ofMillis(number(reply, 1));
        int rejected = (int) number(reply, 2);
        List<LimitState> states = new ArrayList<>(reply.size() / 2);
        int at = 3;
        for (LimitSpec spec : specs) {
            if (spec.requestsPerMinute() != null) {
                states.add(state(spec.scope(), LimitKind.REQUESTS, spec.requestsPerMinute(), reply, at));
                at += 2;
            }
            if (spec.tokensPerMinute() != null) {
                states.add(state(spec.scope(), LimitKind.TOKENS, spec.tokensPerMinute(), reply, at));
                at += 2;
            }
            if (spec.maxConcurrent() != null) {
                states.add(state(spec.scope(), LimitKind.CONCURRENT, spec.maxConcurrent(), reply, at));
                at += 2;
            }
        }
        return allowed ? Admission.allowed(states) : Admission.rejected(states.get(rejected), retryAfter, states);
    }

    private static LimitState state(String scope, LimitKind kind, int limit, List<?> reply, int at) {
        return new LimitState(scope, kind, limit, number(reply, at), Duration.ofMillis(number(reply, at + 1)));
    }

    private static long number(List<?> reply, int index) {
        return ((Number) reply.get(index)).longValue();
    }

    private static String text(Integer limit) {
        return limit == null ? "" : limit.toString();
    }
}
