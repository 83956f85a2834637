package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.ScriptedProvider.breaksAfterFirstEvent;
import static dev.switchboard.core.routing.ScriptedProvider.fail;
import static dev.switchboard.core.routing.ScriptedProvider.ok;
import static dev.switchboard.core.routing.ScriptedProvider.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.config.TimeoutsConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.Event;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.UpstreamException;
import dev.switchboard.core.spi.UpstreamRequest;
import dev.switchboard.core.testing.FakeProviderFactory;
import dev.switchboard.core.time.FakeTicker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link RouteInterceptor} and {@link CallInterceptor} end to end, over scripted providers, a fake
 * ticker, a recording sleeper and a seeded random.
 */
class CallInterceptorTest {

    private final FakeTicker ticker = new FakeTicker();
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final RoutingListener listener = new RoutingListener() {
        @Override
        public void attemptFailed(Exchange exchange, Deployment deployment, UpstreamException failure) {
            events.add("failed " + deployment.id() + ": " + failure.getMessage());
        }

        @Override
        public void fallback(Exchange exchange, String from, String to) {
            events.add("fallback " + from + " -> " + to);
        }

        @Override
        public void breakerOpened(String deploymentId) {
            events.add("opened " + deploymentId);
        }

        @Override
        public void breakerClosed(String deploymentId) {
            events.add("closed " + deploymentId);
        }
    };
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private RouteTable routes;
    private Pipeline pipeline;

    private ScriptedProvider provider(String name) {
        ScriptedProvider provider = new ScriptedProvider(name);
        providers.put(name, provider);
        return provider;
    }

    /** Configures the router with every provider made so far and {@code yaml}'s models and routing. */
    private void configure(String yaml) {
        StringBuilder file = new StringBuilder("providers:\n");
        providers.keySet().forEach(name -> file.append("  ").append(name).append(": { type: fake }\n"));
        file.append(yaml);
        SwitchboardConfig config;
        try {
            config = new ConfigLoader(Map.of(), FakeProviderFactory.registry()).parse("test.yaml", file.toString());
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        routes = RouteTable.build(config, providers, new HealthRegistry(listener));
        pipeline = Pipeline.builder()
                .add("route", new RouteInterceptor(routes))
                .add("call", new CallInterceptor(routes, ticker, this::sleep, new Random(7), listener))
                .build();
    }

    /** The sleeper: records the wait and lets that much fake time pass. */
    private void sleep(Duration duration) {
        sleeps.add(duration);
        ticker.advance(duration);
    }

    private Exchange exchange(String model) {
        return exchange(model, false);
    }

    private Exchange exchange(String model, boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", model);
        if (stream) {
            body.put("stream", true);
        }
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        return new Exchange(Operation.CHAT_COMPLETIONS, "req-1", name -> null, body, ticker.read());
    }

    private Response send(String model) {
        return pipeline.execute(exchange(model));
    }

    private ApiException failureOf(String model) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> send(model).events().close());
        assertThat(e).as("the request to %s fails", model).isNotNull();
        return e;
    }

    /** Reads every event of a response, then closes it. */
    private static List<String> read(Response response) {
        List<String> bodies = new ArrayList<>();
        try (EventStream stream = response.events()) {
            for (Event e = stream.next(); e != null; e = stream.next()) {
                bodies.add(new String(e.bytes(), StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    private DeploymentHealth health(String model, int deployment) {
        return routes.find(model).deployments().get(deployment).health();
    }

    private static List<Duration> between(Duration min, Duration max, List<Duration> actual) {
        assertThat(actual).allSatisfy(d -> assertThat(d).isBetween(min, max));
        return actual;
    }

    @Test
    void successReturnsTheEventAndNamesTheDeploymentAndTheAttempts() {
        ScriptedProvider a = provider("a").then(ok("from-a"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);
        Exchange exchange = exchange("m");

        Response response = pipeline.execute(exchange);

        assertThat(response.headers()).containsExactly(
                entry(CallInterceptor.DEPLOYMENT_HEADER, "a/a-model"), entry("x-switchboard-attempts", "1"));
        assertThat(read(response)).containsExactly("{\"answer\":\"from-a\"}");
        UpstreamRequest request = a.requests.get(0);
        assertThat(request.upstreamModel()).isEqualTo("a-model");
        assertThat(request.operation()).isEqualTo(Operation.CHAT_COMPLETIONS);
        assertThat(request.requestId()).isEqualTo("req-1");
        assertThat(request.stream()).isFalse();
        assertThat(request.body()).isSameAs(exchange.body());
        assertThat(request.timeouts()).isEqualTo(TimeoutsConfig.DEFAULTS);
        assertThat(request.deadlineNanos()).isEqualTo(exchange.startNanos() + Duration.ofSeconds(600).toNanos());
        assertThat(sleeps).isEmpty();
    }

    @Test
    void unknownModelGets404ModelNotFound() {
        provider("a").then(ok("x"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);

        ApiException e = failureOf("gpt-5-turbo-max");

        assertThat(e.error().status()).isEqualTo(404);
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        assertThat(e.error().code()).isEqualTo("model_not_found");
        assertThat(e.error().param()).isEqualTo("model");
        assertThat(e.error().message()).contains("'gpt-5-turbo-max'");
    }

    @Test
    void callInterceptorWithoutARouteFailsNamingTheMissingInterceptor() {
        provider("a").then(ok("x"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);
        Pipeline callOnly = Pipeline.builder()
                .add("call", new CallInterceptor(routes, ticker, this::sleep, new Random(7), listener)).build();

        assertThatThrownBy(() -> callOnly.execute(exchange("m")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route interceptor");
    }

    @Test
    void fallsBackToTheSecondDeploymentWhenTheFirstReturns503WithoutSleeping() {
        List<String> order = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        for (String name : List.of("a", "b")) {
            providers.put(name, request -> {
                order.add(name);
                if (calls.getAndIncrement() == 0) {
                    throw UpstreamException.status(503, null, null, name + ": HTTP 503");
                }
                return EventStream.of(List.of(ScriptedProvider.event("{\"from\":\"" + name + "\"}")));
            });
        }
        configure("""
                models:
                  - name: m
                    deployments:
                      - { provider: a, model: a-model }
                      - { provider: b, model: b-model }
                routing:
                  retries: 2
                """);

        Response response = send("m");

        assertThat(order).hasSize(2).doesNotHaveDuplicates();
        String second = order.get(1);
        assertThat(response.headers()).containsEntry("x-switchboard-deployment", second + "/" + second + "-model")
                .containsEntry("x-switchboard-attempts", "2");
        assertThat(read(response)).containsExactly("{\"from\":\"" + second + "\"}");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void retriesPreferDeploymentsNotYetTried() {
        ScriptedProvider a = provider("a").then(status(503, "a: HTTP 503"));
        ScriptedProvider b = provider("b").then(status(503, "b: HTTP 503"));
        configure("""
                models:
                  - name: m
                    deployments:
                      - { provider: a, model: a-model }
                      - { provider: b, model: b-model }
                routing:
                  retries: 2
                """);

        failureOf("m");

        assertThat(a.calls() + b.calls()).isEqualTo(3);
        assertThat(a.calls()).isPositive();
        assertThat(b.calls()).isPositive();
        assertThat(sleeps).hasSize(1); // only the third attempt goes to a deployment already tried
    }

    @Test
    void retriesOnTheSameDeploymentWaitADoublingJitteredBackoffCappedAtTheMaximum() {
        ScriptedProvider a = provider("a").then(4, status(503, "a: HTTP 503")).then(ok("finally"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 4
                  retry_backoff: 100ms
                  retry_backoff_max: 300ms
                """);

        Response response = send("m");

        assertThat(read(response)).containsExactly("{\"answer\":\"finally\"}");
        assertThat(response.headers()).containsEntry("x-switchboard-attempts", "5");
        assertThat(a.calls()).isEqualTo(5);
        assertThat(sleeps).hasSize(4);
        // each wait is within [base/2, base], base doubling from retry_backoff up to retry_backoff_max
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
        assertThat(sleeps.get(3)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void backoffIsJitteredFromRequestToRequest() {
        ScriptedProvider a = provider("a");
        for (int i = 0; i < 20; i++) {
            a.then(status(503, "a: HTTP 503")).then(ok("ok"));
        }
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 1
                  retry_backoff: 100ms
                """);

        for (int i = 0; i < 20; i++) {
            read(send("m"));
        }

        between(Duration.ofMillis(50), Duration.ofMillis(100), sleeps);
        assertThat(sleeps).hasSize(20);
        assertThat(sleeps.stream().distinct().count()).isGreaterThan(10);
    }

    @Test
    void waitsOutA429sRetryAfterBeforeRetryingTheSameDeployment() {
        ScriptedProvider a = provider("a").then(status(429, Duration.ofSeconds(1), "a: HTTP 429")).then(ok("later"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 1
                  retry_backoff: 100ms
                  max_retry_after: 10s
                """);

        Response response = send("m");

        assertThat(read(response)).containsExactly("{\"answer\":\"later\"}");
        assertThat(a.calls()).isEqualTo(2);
        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void retryAfterAboveMaxRetryAfterSkipsTheDeploymentForThisRequest() {
        ScriptedProvider a = provider("a").then(status(429, Duration.ofSeconds(60), "a: HTTP 429"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 3
                  max_retry_after: 10s
                """);

        ApiException e = failureOf("m");

        assertThat(a.calls()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThat(e.error().status()).isEqualTo(429);
        assertThat(e.headers()).containsEntry("retry-after", "60").containsEntry("x-switchboard-attempts", "1");
    }

    @Test
    void retryAfterAboveMaxRetryAfterSendsTheRemainingRetriesElsewhere() {
        List<String> order = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        for (String name : List.of("a", "b")) {
            providers.put(name, request -> {
                order.add(name);
                throw calls.getAndIncrement() == 0
                        ? UpstreamException.status(429, Duration.ofMinutes(1), null, name + ": HTTP 429")
                        : UpstreamException.status(503, null, null, name + ": HTTP 503");
            });
        }
        configure("""
                models:
                  - name: m
                    deployments:
                      - { provider: a, model: a-model }
                      - { provider: b, model: b-model }
                routing:
                  retries: 3
                  max_retry_after: 10s
                """);

        ApiException e = failureOf("m");

        String skipped = order.get(0);
        assertThat(order).hasSize(4);
        assertThat(order.subList(1, 4)).doesNotContain(skipped);
        assertThat(e.error().status()).isEqualTo(502);
    }

    @Test
    void fallbacksAreTriedInOrderAfterRetriesAreExhausted() {
        ScriptedProvider a = provider("a").then(status(503, "a: HTTP 503"));
        ScriptedProvider b = provider("b").then(status(500, "b: HTTP 500"));
        ScriptedProvider c = provider("c").then(ok("from-c"));
        ScriptedProvider d = provider("d").then(ok("from-d"));
        configure("""
                models:
                  - name: primary
                    deployments: [{ provider: a, model: a-model }]
                    retries: 1
                    fallbacks: [first, second]
                  - name: first
                    deployments: [{ provider: b, model: b-model }]
                    retries: 0
                    fallbacks: [third]
                  - name: second
                    deployments: [{ provider: c, model: c-model }]
                  - name: third
                    deployments: [{ provider: d, model: d-model }]
                """);

        Response response = send("primary");

        assertThat(read(response)).containsExactly("{\"answer\":\"from-c\"}");
        assertThat(response.headers()).containsEntry("x-switchboard-deployment", "c/c-model")
                .containsEntry("x-switchboard-attempts", "4");
        assertThat(List.of(a.calls(), b.calls(), c.calls(), d.calls())).containsExactly(2, 1, 1, 0);
        assertThat(c.requests.get(0).upstreamModel()).isEqualTo("c-model");
        assertThat(events).filteredOn(e -> e.startsWith("fallback"))
                .containsExactly("fallback primary -> first", "fallback first -> second");
    }

    @Test
    void aFallbacksOwnFallbacksAreNotFollowed() {
        ScriptedProvider a = provider("a").then(status(503, "a/a-model: HTTP 503"));
        ScriptedProvider b = provider("b").then(status(502, "b/b-model: HTTP 502"));
        ScriptedProvider c = provider("c").then(status(500, "c/c-model: HTTP 500"));
        ScriptedProvider d = provider("d").then(ok("from-d"));
        configure("""
                models:
                  - name: primary
                    deployments: [{ provider: a, model: a-model }]
                    fallbacks: [first, second]
                  - name: first
                    deployments: [{ provider: b, model: b-model }]
                    fallbacks: [third]
                  - name: second
                    deployments: [{ provider: c, model: c-model }]
                  - name: third
                    deployments: [{ provider: d, model: d-model }]
                routing:
                  retries: 0
                """);

        ApiException e = failureOf("primary");

        assertThat(d.calls()).isZero();
        assertThat(e.error()).isEqualTo(new ApiError(502, "server_error", "upstream_error", null,
                "Model 'primary' failed after 3 attempts: a/a-model: HTTP 503; b/b-model: HTTP 502; c/c-model: HTTP 500"));
        assertThat(e.headers()).containsEntry("x-switchboard-attempts", "3");
    }

    @Test
    void upstream400IsReturnedAsItIsWithoutRetryOrFallback() {
        ApiError upstreamError = new ApiError(400, "invalid_request_error", "invalid_value", "temperature",
                "temperature must be at most 2");
        ScriptedProvider a = provider("a").then(fail(UpstreamException.status(400, null, upstreamError, "a: HTTP 400")));
        ScriptedProvider b = provider("b").then(ok("fallback"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                    fallbacks: [other]
                  - name: other
                    deployments: [{ provider: b, model: b-model }]
                routing:
                  retries: 3
                """);

        ApiException e = failureOf("m");

        assertThat(e.error()).isEqualTo(upstreamError);
        assertThat(e.headers()).containsEntry("x-switchboard-attempts", "1");
        assertThat(a.calls()).isEqualTo(1);
        assertThat(b.calls()).isZero();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void allAttemptsFailingGives502NamingEachAttempt() {
        provider("a")
                .then(status(503, "a/a-model: HTTP 503"))
                .then(status(500, "a/a-model: HTTP 500"))
                .then(fail(UpstreamException.broken("a/a-model: connection broke (EOFException)", null)));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 2
                """);

        ApiException e = failureOf("m");

        assertThat(e.error()).isEqualTo(new ApiError(502, "server_error", "upstream_error", null,
                "Model 'm' failed after 3 attempts: a/a-model: HTTP 503; a/a-model: HTTP 500;"
                        + " a/a-model: connection broke (EOFException)"));
        assertThat(e.headers()).containsEntry("x-switchboard-attempts", "3").doesNotContainKey("retry-after");
    }

    @Test
    void lastAttemptTimingOutGives504() {
        provider("a")
                .then(status(503, "a/a-model: HTTP 503"))
                .then(fail(UpstreamException.timeout("a/a-model: no first token within 60s")));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 1
                """);

        ApiException e = failureOf("m");

        assertThat(e.error()).isEqualTo(new ApiError(504, "server_error", "upstream_timeout", null,
                "Model 'm' timed out after 2 attempts: a/a-model: HTTP 503; a/a-model: no first token within 60s"));
    }

    @Test
    void rateLimitedUpstreamGives429WithItsRetryAfterRoundedUpToSeconds() {
        provider("a").then(status(429, Duration.ofMillis(2500), "a/a-model: HTTP 429"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 0
                """);

        ApiException e = failureOf("m");

        assertThat(e.error()).isEqualTo(new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null,
                "Model 'm' is rate limited upstream (1 attempt): a/a-model: HTTP 429"));
        assertThat(e.headers()).containsEntry("retry-after", "3");
    }

    @Test
    void rateLimitedUpstreamWithoutRetryAfterGives429WithoutOne() {
        provider("a").then(status(429, "a/a-model: HTTP 429"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 0
                """);

        ApiException e = failureOf("m");

        assertThat(e.error().status()).isEqualTo(429);
        assertThat(e.headers()).doesNotContainKey("retry-after");
    }

    @Test
    void everyBreakerOpenGives503NoHealthyDeploymentWithRetryAfter() {
        ScriptedProvider a = provider("a").then(status(503, "a/a-model: HTTP 503"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 0
                  circuit_breaker: { failure_threshold: 1, cooldown: 30s }
                """);
        assertThat(failureOf("m").error().status()).isEqualTo(502);
        ticker.advance(Duration.ofSeconds(10));

        ApiException e = failureOf("m");

        assertThat(a.calls()).isEqualTo(1);
        assertThat(e.error().status()).isEqualTo(503);
        assertThat(e.error().type()).isEqualTo("server_error");
        assertThat(e.error().code()).isEqualTo("no_healthy_deployment");
        assertThat(e.error().param()).isEqualTo("model");
        assertThat(e.error().message()).isEqualTo("Model 'm' has no deployment available right now:"
                + " model 'm': no deployment available (circuit breakers open)");
        assertThat(e.headers()).containsEntry("retry-after", "20").containsEntry("x-switchboard-attempts", "0");
    }

    @Test
    void totalTimeoutStopsRetries() {
        ScriptedProvider a = provider("a").then(request -> {
            ticker.advance(Duration.ofSeconds(6));
            throw UpstreamException.status(503, null, null, "a/a-model: HTTP 503");
        });
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 5
                  timeouts: { total: 10s }
                """);
        long start = ticker.read();

        ApiException e = failureOf("m");

        assertThat(a.calls()).isEqualTo(2);
        assertThat(a.requests.get(0).deadlineNanos()).isEqualTo(start + Duration.ofSeconds(10).toNanos());
        assertThat(e.error()).isEqualTo(new ApiError(504, "server_error", "upstream_timeout", null,
                "Model 'm' timed out after 2 attempts: a/a-model: HTTP 503; a/a-model: HTTP 503;"
                        + " the request's total timeout passed"));
    }

    @Test
    void backoffThatWouldOutlastTheTotalTimeoutIsNotWaited() {
        ScriptedProvider a = provider("a").then(request -> {
            ticker.advance(Duration.ofMillis(9_950));
            throw UpstreamException.status(503, null, null, "a/a-model: HTTP 503");
        });
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 5
                  retry_backoff: 100ms
                  timeouts: { total: 10s }
                """);

        ApiException e = failureOf("m");

        assertThat(a.calls()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
        assertThat(e.error().status()).isEqualTo(504);
        assertThat(health("m", 0).breaker().tryAcquire(ticker.read())).isEqualTo(CircuitBreaker.Permit.GRANTED);
    }

    @Test
    void totalTimeoutAlsoStopsFallbacks() {
        provider("a").then(request -> {
            ticker.advance(Duration.ofSeconds(11));
            throw UpstreamException.status(503, null, null, "a/a-model: HTTP 503");
        });
        ScriptedProvider b = provider("b").then(ok("too late"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                    fallbacks: [other]
                  - name: other
                    deployments: [{ provider: b, model: b-model }]
                routing:
                  retries: 0
                  timeouts: { total: 10s }
                """);

        ApiException e = failureOf("m");

        assertThat(b.calls()).isZero();
        assertThat(e.error().status()).isEqualTo(504);
    }

    @Test
    void requestWhoseTotalTimeoutPassedBeforeRoutingGets504() {
        ScriptedProvider a = provider("a").then(ok("x"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  timeouts: { total: 10s }
                """);
        Exchange exchange = exchange("m");
        ticker.advance(Duration.ofSeconds(11)); // earlier interceptors (guards, retrieval) took that long

        ApiException e = catchThrowableOfType(ApiException.class, () -> pipeline.execute(exchange));

        assertThat(a.calls()).isZero();
        assertThat(e.error().status()).isEqualTo(504);
        assertThat(e.error().code()).isEqualTo("upstream_timeout");
    }

    @Test
    void streamThatEndsBeforeItsFirstEventIsRetried() {
        ScriptedProvider a = provider("a").then(request -> EventStream.of(List.of())).then(ok("second try"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 1
                """);

        Response response = send("m");

        assertThat(read(response)).containsExactly("{\"answer\":\"second try\"}");
        assertThat(a.calls()).isEqualTo(2);
        assertThat(events).singleElement().asString()
                .startsWith("failed a/a-model: a/a-model: the stream ended before its first");
    }

    @Test
    void outstandingIsOneWhileTheResponseIsReadAndZeroOnceItEnds() {
        provider("a").then(ok("x"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);

        Response response = send("m");
        assertThat(health("m", 0).outstanding()).isEqualTo(1);
        EventStream stream = response.events();
        assertThat(stream.next()).isNotNull();
        assertThat(stream.next()).isNull();

        assertThat(health("m", 0).outstanding()).isZero();
        stream.close();
        assertThat(health("m", 0).outstanding()).isZero();
    }

    @Test
    void outstandingReturnsToZeroWhenTheResponseIsClosedUnread() {
        provider("a").then(ok("x"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);

        send("m").events().close();

        assertThat(health("m", 0).outstanding()).isZero();
    }

    @Test
    void outstandingReturnsToZeroAfterFailedAttempts() {
        provider("a").then(status(503, "a: HTTP 503"));
        provider("b").then(fail(UpstreamException.connect("b: refused", null)));
        configure("""
                models:
                  - name: m
                    deployments:
                      - { provider: a, model: a-model }
                      - { provider: b, model: b-model }
                routing:
                  retries: 3
                """);

        failureOf("m");

        assertThat(health("m", 0).outstanding()).isZero();
        assertThat(health("m", 1).outstanding()).isZero();
    }

    @Test
    void outstandingReturnsToZeroAfterAProviderBug() {
        provider("a").then(request -> {
            throw new IllegalStateException("provider bug");
        });
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);

        assertThatThrownBy(() -> send("m")).isInstanceOf(IllegalStateException.class).hasMessage("provider bug");

        assertThat(health("m", 0).outstanding()).isZero();
    }

    @Test
    void streamThatBreaksAfterItsFirstEventFailsTheClientsStreamAndCountsAgainstTheDeployment() {
        AtomicBoolean upstreamClosed = new AtomicBoolean();
        provider("a").then(breaksAfterFirstEvent(upstreamClosed));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  circuit_breaker: { failure_threshold: 1, cooldown: 30s }
                """);
        Response response = send("m");
        EventStream stream = response.events();

        assertThat(stream.next().toString()).isEqualTo("{\"chunk\":1}");
        assertThatThrownBy(stream::next).isInstanceOf(UpstreamException.class).hasMessage("stream broke");
        stream.close();

        assertThat(health("m", 0).outstanding()).isZero();
        assertThat(health("m", 0).breaker().isOpen()).isTrue();
        assertThat(upstreamClosed).isTrue();
        assertThat(events).containsExactly("opened a/a-model", "failed a/a-model: stream broke");
    }

    @Test
    void breakerOpensAfterThresholdFailedRequestsAndKeepsAttemptsAwayUntilTheCooldownPassed() {
        ScriptedProvider a = provider("a").then(status(503, "a/a-model: HTTP 503"));
        ScriptedProvider b = provider("b").then(ok("steady"));
        configure("""
                models:
                  - name: flaky
                    deployments: [{ provider: a, model: a-model }]
                    fallbacks: [steady]
                  - name: steady
                    deployments: [{ provider: b, model: b-model }]
                routing:
                  retries: 0
                  circuit_breaker: { failure_threshold: 3, cooldown: 30s }
                """);

        for (int i = 0; i < 3; i++) {
            assertThat(send("flaky").headers()).containsEntry("x-switchboard-deployment", "b/b-model");
        }
        assertThat(a.calls()).isEqualTo(3);
        assertThat(events).filteredOn(e -> e.startsWith("opened")).containsExactly("opened a/a-model");

        for (int i = 0; i < 5; i++) {
            assertThat(send("flaky").headers()).containsEntry("x-switchboard-deployment", "b/b-model")
                    .containsEntry("x-switchboard-attempts", "1");
        }
        ticker.advance(Duration.ofSeconds(29));
        send("flaky");
        assertThat(a.calls()).as("calls to a during the cooldown").isEqualTo(3);

        ticker.advance(Duration.ofSeconds(1));
        send("flaky");
        assertThat(a.calls()).as("the probe after the cooldown").isEqualTo(4);
        send("flaky");
        assertThat(a.calls()).as("calls after the failed probe").isEqualTo(4);

        a.then(ok("recovered"));
        ticker.advance(Duration.ofSeconds(30));
        Response recovered = send("flaky");
        assertThat(recovered.headers()).containsEntry("x-switchboard-deployment", "a/a-model");
        assertThat(events).last().isEqualTo("closed a/a-model");
        send("flaky");
        assertThat(a.calls()).isEqualTo(6);
    }

    @Test
    void upstreamRejectingTheRequestDoesNotCountAgainstTheBreaker() {
        ApiError rejected = new ApiError(400, "invalid_request_error", null, null, "bad request");
        ScriptedProvider a = provider("a")
                .then(status(503, "a: HTTP 503"))
                .then(fail(UpstreamException.status(400, null, rejected, "a: HTTP 400")))
                .then(status(503, "a: HTTP 503"))
                .then(ok("fine"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 0
                  circuit_breaker: { failure_threshold: 2, cooldown: 30s }
                """);

        assertThat(failureOf("m").error().status()).isEqualTo(502);
        assertThat(failureOf("m").error().status()).isEqualTo(400);
        assertThat(failureOf("m").error().status()).isEqualTo(502);

        assertThat(read(send("m"))).containsExactly("{\"answer\":\"fine\"}");
        assertThat(a.calls()).isEqualTo(4);
    }

    private static final String ROLE_CHUNK = "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
    private static final String TOKEN_CHUNK = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}";
    private static final String FINISH_CHUNK = "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";

    private static ScriptedProvider.Step chunks(String... chunks) {
        return request -> EventStream.of(java.util.Arrays.stream(chunks).map(ScriptedProvider::event).toList());
    }

    @Test
    void streamIsReadPastPreliminaryChunksToItsFirstTokenAndRelayedInOrder() {
        provider("a").then(chunks(ROLE_CHUNK, TOKEN_CHUNK, FINISH_CHUNK));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);

        Response response = pipeline.execute(exchange("m", true));

        assertThat(read(response)).containsExactly(ROLE_CHUNK, TOKEN_CHUNK, FINISH_CHUNK);
        assertThat(health("m", 0).outstanding()).isZero();
    }

    @Test
    void streamThatEndsAfterOnlyPreliminaryChunksIsRetriedElsewhere() {
        ScriptedProvider a = provider("a").then(chunks(ROLE_CHUNK));
        ScriptedProvider b = provider("b").then(chunks(ROLE_CHUNK, TOKEN_CHUNK));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                    fallbacks: [other]
                  - name: other
                    deployments: [{ provider: b, model: b-model }]
                routing:
                  retries: 0
                """);

        Response response = pipeline.execute(exchange("m", true));

        assertThat(response.headers()).containsEntry("x-switchboard-deployment", "b/b-model");
        assertThat(read(response)).containsExactly(ROLE_CHUNK, TOKEN_CHUNK);
        assertThat(a.calls()).isEqualTo(1);
        assertThat(b.requests.get(0).stream()).isTrue();
    }

    @Test
    void nonStreamingAnswerSucceedsOnItsOnlyEvent() {
        provider("a").then(chunks("{\"choices\":[]}"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                """);

        assertThat(read(send("m"))).containsExactly("{\"choices\":[]}");
    }

    @Test
    void waitsForABreakerCooldownShorterThanMaxRetryAfterAndThenProbes() {
        ScriptedProvider a = provider("a").then(status(503, "a: HTTP 503")).then(ok("probe"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 1
                  max_retry_after: 10s
                  circuit_breaker: { failure_threshold: 1, cooldown: 2s }
                """);

        Response response = send("m");

        assertThat(read(response)).containsExactly("{\"answer\":\"probe\"}");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(a.calls()).isEqualTo(2);
        assertThat(health("m", 0).breaker().isOpen()).isFalse();
    }

    @Test
    void doesNotWaitForABreakerCooldownLongerThanMaxRetryAfter() {
        ScriptedProvider a = provider("a").then(status(503, "a: HTTP 503")).then(ok("never"));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                routing:
                  retries: 3
                  max_retry_after: 10s
                  circuit_breaker: { failure_threshold: 1, cooldown: 30s }
                """);

        ApiException e = failureOf("m");

        assertThat(e.error().status()).isEqualTo(502);
        assertThat(sleeps).isEmpty();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void streamWhoseFirstChunkIsNotJsonIsRetriedElsewhere() {
        // A provider relaying what its upstream sent; "keep-alive" is not an OpenAI chunk.
        ScriptedProvider a = provider("a").then(chunks("keep-alive", TOKEN_CHUNK));
        ScriptedProvider b = provider("b").then(chunks(TOKEN_CHUNK));
        configure("""
                models:
                  - name: m
                    deployments: [{ provider: a, model: a-model }]
                    fallbacks: [other]
                  - name: other
                    deployments: [{ provider: b, model: b-model }]
                routing:
                  retries: 0
                """);

        Response response = pipeline.execute(exchange("m", true));

        assertThat(response.headers()).containsEntry("x-switchboard-deployment", "b/b-model");
        assertThat(a.calls()).isEqualTo(1);
        assertThat(health("m", 0).outstanding()).isZero();
    }
}
