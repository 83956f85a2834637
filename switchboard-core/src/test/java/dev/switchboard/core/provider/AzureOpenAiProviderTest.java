package dev.switchboard.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.config.TimeoutsConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.spi.UpstreamRequest;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.core.time.Watchdog;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureOpenAiProviderTest {

    private StubServer server;
    private Watchdog watchdog;
    private UpstreamHttp http;

    @BeforeEach
    void start() throws IOException {
        server = new StubServer();
        server.handle(exchange -> StubServer.respond(exchange, 200, Map.of(), "{\"id\":\"x\"}"));
        watchdog = new Watchdog(Ticker.system(), Duration.ofMillis(10));
        http = UpstreamHttp.create(watchdog);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
        watchdog.close();
    }

    private StubServer.Recorded call(AzureOpenAiProvider provider, Operation operation, String deployment)
            throws InterruptedException {
        ObjectNode body = Json.object().put("model", "gpt-4o").put("input", "x");
        UpstreamRequest request = new UpstreamRequest(operation, deployment, body, false, "req-9",
                TimeoutsConfig.DEFAULTS, Watchdog.NONE);
        try (EventStream stream = provider.open(request)) {
            assertThat(stream.next().toString()).isEqualTo("{\"id\":\"x\"}");
        }
        return server.takeRequest();
    }

    @Test
    void chatGoesToTheDeploymentsUrlWithApiVersionAndApiKey() throws Exception {
        AzureOpenAiProvider provider = new AzureOpenAiProvider("azure", server.url("/"), "azure-secret",
                "2024-10-21", Map.of("x-ms-client", "sb"), true, http);

        StubServer.Recorded recorded = call(provider, Operation.CHAT_COMPLETIONS, "gpt4o-eastus");

        assertThat(recorded.path()).isEqualTo("/openai/deployments/gpt4o-eastus/chat/completions");
        assertThat(recorded.query()).isEqualTo("api-version=2024-10-21");
        assertThat(recorded.header("api-key")).isEqualTo("azure-secret");
        assertThat(recorded.headers().containsKey("authorization")).isFalse();
        assertThat(recorded.header("x-ms-client")).isEqualTo("sb");
        assertThat(recorded.body()).contains("\"model\":\"gpt4o-eastus\"");
    }

    @Test
    void embeddingsGoToTheDeploymentsEmbeddingsUrl() throws Exception {
        AzureOpenAiProvider provider = new AzureOpenAiProvider("azure", server.url(""), "k", "2024-10-21", Map.of(), true, http);

        StubServer.Recorded recorded = call(provider, Operation.EMBEDDINGS, "ada");

        assertThat(recorded.path()).isEqualTo("/openai/deployments/ada/embeddings");
        assertThat(recorded.query()).isEqualTo("api-version=2024-10-21");
    }

    @Test
    void deploymentNameAndApiVersionAreEncodedInTheUrl() throws Exception {
        AzureOpenAiProvider provider = new AzureOpenAiProvider("azure", server.url("/"), "k", "2024-10-01-preview&x=1",
                Map.of(), true, http);

        StubServer.Recorded recorded = call(provider, Operation.CHAT_COMPLETIONS, "my deployment/v2");

        assertThat(recorded.path()).isEqualTo("/openai/deployments/my%20deployment%2Fv2/chat/completions");
        assertThat(recorded.query()).isEqualTo("api-version=2024-10-01-preview%26x%3D1");
    }
}
