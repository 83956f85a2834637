package dev.switchboard.redis;

import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.limits.BudgetSpec;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.RateLimiter;
import dev.switchboard.core.time.Ticker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;

/**
 * What the Redis limits cost Redis per request: starts a private {@code redis-server}, sends it
 * the gateway's per-request pattern at a fixed open-loop rate, and reports the server's CPU
 * ({@code INFO cpu}: used_cpu_sys + used_cpu_user) and commands ({@code INFO commandstats}) per
 * request. Prints numbers and asserts nothing: not a test, and no substitute for the gateway
 * benchmarks in switchboard-bench. Uses only the public API, so the same file measures old and new
 * versions of the limiter and ledger.
 *
 * <p>One request, as the gateway makes it with every limit and budget present on a key and its
 * tenant (as {@code bench/run --with-limits} sets them up): a budget check ({@code spent}, mostly
 * answered from the ledger's snapshot), {@code acquire} on the request's thread, then on background
 * virtual threads, as {@code AccountingInterceptor} and {@code LimitInterceptor} do, the budget
 * charge ({@code add}) and the {@code release}.
 *
 * <p>Run: {@code java -cp <test classpath> dev.switchboard.redis.RedisCpuCost [--rates 2000,4000]
 * [--seconds 10] [--warmup 3] [--keys 1] [--upstream-ms 0]}; {@code --keys} spreads requests over
 * that many keys of one tenant. Needs {@code redis-server} on the PATH (or
 * {@code SWITCHBOARD_TEST_REDIS_SERVER}).
 */
public final class RedisCpuCost {

    private static final int UNLIMITED_RPM = 100_000_000;
    private static final int UNLIMITED_TPM = 2_000_000_000;
    private static final int UNLIMITED_CONCURRENT = 1_000_000;
    private static final long UNLIMITED_BUDGET = 1_000_000_000L * 1_000_000_000L;
    private static final long COST_NANOS = 12_345;

    private record Options(List<Integer> rates, int seconds, int warmup, int keys, int upstreamMillis) {
    }

    /** Server-side totals at one moment. */
    private record ServerStats(double cpuSeconds, Map<String, long[]> commands) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        try (RedisServerProcess server = new RedisServerProcess().start();
             Jedis admin = TestRedis.raw(server.url())) {
            System.out.println("redis: " + admin.info("server").lines().filter(line -> line.startsWith("redis_version"))
                    .findFirst().orElse("?") + " at " + server.url() + " (private, no persistence)");
            System.out.printf("requests: %d key(s) of one tenant, RPM/TPM/concurrency and a monthly budget on each,"
                    + " upstream %d ms; warm-up %d s, measured %d s per rate%n",
                    options.keys(), options.upstreamMillis(), options.warmup(), options.seconds());
            RedisConnection connection = new RedisConnection(new RedisSettings(server.url(), Duration.ofSeconds(1),
                    FailurePolicy.LOCAL), "cost", Ticker.system(), RedisConnection.DEFAULT_RETRY_INTERVAL);
            RedisRateLimiter limiter = new RedisRateLimiter(connection);
            RedisBudgetLedger ledger = new RedisBudgetLedger(connection);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int rate : options.rates()) {
                    Load load = new Load(limiter, ledger, threads, options);
                    load.run(rate, options.warmup());
                    admin.configResetStat();
                    ServerStats before = stats(admin);
                    long clientBefore = processCpuNanos();
                    long start = System.nanoTime();
                    long requests = load.run(rate, options.seconds());
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    long clientCpu = processCpuNanos() - clientBefore;
                    ServerStats after = stats(admin);
                    report(rate, requests, elapsed, before, after, clientCpu, load, connection.failures());
                }
            } finally {
                limiter.close();
                ledger.close();
                connection.close();
            }
        }
    }

    /** The gateway's calls for a stream of requests at a fixed rate. */
    private static final class Load {

        private final RateLimiter limiter;
        private final BudgetLedger ledger;
        private final ExecutorService threads;
        private final Options options;
        private final LongAdder refused = new LongAdder();
        private final LongAdder degraded = new LongAdder();
        private final AtomicLong leases = new AtomicLong();
        /** How long each acquire took, in microseconds, in order of ending. */
        private final ConcurrentLinkedQueue<Long> acquireMicros = new ConcurrentLinkedQueue<>();

        Load(RateLimiter limiter, BudgetLedger ledger, ExecutorService threads, Options options) {
            this.limiter = limiter;
            this.ledger = ledger;
            this.threads = threads;
            this.options = options;
        }

        /** Sends {@code rate} requests a second for {@code seconds}; returns once all ended, with their number. */
        long run(int rate, int seconds) throws InterruptedException {
            acquireMicros.clear();
            long count = (long) rate * seconds;
            CountDownLatch ended = new CountDownLatch((int) count);
            long period = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                long due = start + i * period;
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                long n = i;
                threads.execute(() -> request(n, ended));
            }
            if (!ended.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("requests did not end within a minute");
            }
            return count;
        }

        private void request(long n, CountDownLatch ended) {
            String keyScope = "key:bench-" + n % options.keys();
            List<LimitSpec> specs = List.of(
                    new LimitSpec(keyScope, UNLIMITED_RPM, UNLIMITED_TPM, UNLIMITED_CONCURRENT),
                    new LimitSpec("tenant:bench", UNLIMITED_RPM, UNLIMITED_TPM, UNLIMITED_CONCURRENT));
            List<BudgetSpec> budgets = List.of(new BudgetSpec(keyScope, UNLIMITED_BUDGET, BudgetPeriod.MONTH),
                    new BudgetSpec("tenant:bench", UNLIMITED_BUDGET, BudgetPeriod.MONTH));
            Instant now = Instant.now();
            ledger.spent(budgets, now, budget -> 0);
            String lease = "req-" + leases.incrementAndGet();
            long started = System.nanoTime();
            Admission admission = limiter.acquire(specs, 20, lease);
            acquireMicros.add((System.nanoTime() - started) / 1_000);
            if (admission.degraded()) {
                degraded.increment();
            }
            if (!admission.allowed()) {
                refused.increment();
            }
            if (options.upstreamMillis() > 0) {
                try {
                    Thread.sleep(options.upstreamMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // as the gateway: the charge and the release run on background virtual threads once the answer ended
            AtomicInteger parts = new AtomicInteger(2);
            Runnable done = () -> {
                if (parts.decrementAndGet() == 0) {
                    ended.countDown();
                }
            };
            threads.execute(() -> {
                try {
                    ledger.add(budgets, now, COST_NANOS, budget -> 0);
                } finally {
                    done.run();
                }
            });
            threads.execute(() -> {
                try {
                    limiter.release(specs, lease, 16);
                } finally {
                    done.run();
                }
            });
        }
    }

    private static void report(int rate, long requests, double elapsed, ServerStats before, ServerStats after,
                               long clientCpuNanos, Load load, long failures) {
        double cpu = after.cpuSeconds() - before.cpuSeconds();
        System.out.printf("%nrate %,d req/s: %,d requests in %.2f s (%,.0f req/s); refused %d, degraded %d,"
                        + " failures %d%n", rate, requests, elapsed, requests / elapsed, load.refused.sum(),
                load.degraded.sum(), failures);
        System.out.printf("  redis CPU: %.3f s = %.1f us/request = %.3f cores at this rate%n", cpu,
                cpu * 1e6 / requests, cpu / elapsed);
        long[] waits = load.acquireMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("  acquire (on the request's thread): p50 %d us, p99 %d us, max %d us%n",
                waits[waits.length / 2], waits[(int) (waits.length * 0.99)], waits[waits.length - 1]);
        System.out.printf("  harness JVM CPU (load generator + limiter and ledger clients): %.1f us/request%n",
                clientCpuNanos / 1e3 / requests);
        System.out.printf("  %-22s %12s %10s %10s %12s%n", "command", "calls", "/request", "usec/call", "usec/request");
        for (Map.Entry<String, long[]> command : after.commands().entrySet()) {
            long[] now = command.getValue();
            long[] then = before.commands().getOrDefault(command.getKey(), new long[2]);
            long calls = now[0] - then[0];
            long usec = now[1] - then[1];
            if (calls == 0 || command.getKey().equals("info") || command.getKey().equals("config")) {
                continue;
            }
            System.out.printf("  %-22s %,12d %10.3f %10.2f %12.2f%n", command.getKey(), calls,
                    (double) calls / requests, (double) usec / calls, (double) usec / requests);
        }
    }

    private static ServerStats stats(Jedis admin) {
        double cpu = 0;
        for (String line : admin.info("cpu").lines().toList()) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        Map<String, long[]> commands = new TreeMap<>();
        for (String line : admin.info("commandstats").lines().toList()) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            long calls = 0;
            long usec = 0;
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                String[] pair = field.split("=");
                if (pair[0].equals("calls")) {
                    calls = Long.parseLong(pair[1]);
                } else if (pair[0].equals("usec")) {
                    usec = Long.parseLong(pair[1]);
                }
            }
            commands.put(name, new long[] {calls, usec});
        }
        return new ServerStats(cpu, commands);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Options parse(String[] args) {
        List<Integer> rates = List.of(2_000, 4_000);
        int seconds = 10;
        int warmup = 3;
        int keys = 1;
        int upstream = 0;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--rates" -> {
                    List<Integer> parsed = new ArrayList<>();
                    for (String rate : value.split(",")) {
                        parsed.add(positive("--rates", rate.trim()));
                    }
                    rates = parsed;
                }
                case "--seconds" -> seconds = positive("--seconds", value);
                case "--warmup" -> warmup = positive("--warmup", value);
                case "--keys" -> keys = positive("--keys", value);
                case "--upstream-ms" -> upstream = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; known: --rates, --seconds, --warmup, --keys, --upstream-ms");
            }
        }
        return new Options(rates, seconds, warmup, keys, upstream);
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number: " + value);
        }
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive: " + value);
        }
        return n;
    }

    private RedisCpuCost() {
    }
}
