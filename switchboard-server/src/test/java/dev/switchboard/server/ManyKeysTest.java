package dev.switchboard.server;

import static dev.switchboard.server.ErrorResponsesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many keys used at once: each key's limit holds and each key's usage is counted exactly. */
class ManyKeysTest {

    private static final String CHAT = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final int KEYS = 30;
    private static final int REQUESTS_PER_KEY = 8;
    private static final int RPM = 5;

    @Test
    void concurrentClientsOfManyKeysAreLimitedAndAccountedPerKey() throws Exception {
        try (GatewayFixture fixture = GatewayFixture.start("""
                auth: { master_key: "${env:SWITCHBOARD_MASTER_KEY}" }
                store: { usage_flush_interval: 50ms }
                providers:
                  a: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: a, model: m }]
                """, GatewayFixture.simulator())) {
            fixture.createTenant("{\"name\": \"acme\"}");
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                keys.add(fixture.createKey("{\"tenant\": \"acme\", \"name\": \"k" + k + "\", \"rpm\": " + RPM + "}"));
            }
            Map<String, AtomicInteger> admitted = new ConcurrentHashMap<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
                List<Future<?>> calls = new ArrayList<>();
                for (int r = 0; r < REQUESTS_PER_KEY; r++) {
                    for (String key : keys) {
                        calls.add(clients.submit(() -> {
                            if (fixture.post("/v1/chat/completions", CHAT, key).statusCode() == 200) {
                                admitted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                            }
                        }));
                    }
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            }

            assertThat(admitted).hasSize(KEYS);
            assertThat(admitted.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(RPM));
            assertThat(GatewayFixture.eventually(Duration.ofSeconds(10), () -> json(fixture.admin("GET",
                    "/admin/usage?tenant=acme&group_by=none", null)).at("/total/requests").asLong() == KEYS * RPM)).isTrue();
            Map<String, Long> perKey = new HashMap<>();
            for (JsonNode row : json(fixture.admin("GET", "/admin/usage?tenant=acme&group_by=key", null)).get("data")) {
                perKey.put(row.get("group").asText(), row.get("requests").asLong());
            }
            assertThat(perKey).hasSize(KEYS).allSatisfy((key, requests) -> assertThat(requests).isEqualTo(RPM));
        }
    }
}
