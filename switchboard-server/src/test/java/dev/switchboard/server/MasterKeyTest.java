package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.auth.KeyHashes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server never runs open: without a configured key it makes one, shows it once, keeps its hash. */
class MasterKeyTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void firstStartGeneratesAKeyPrintsItOnceAndKeepsOnlyItsHash() throws Exception {
        String key;
        try (Started first = start(Map.of())) {
            Matcher printed = Pattern.compile("sk-sb-master-[A-Za-z0-9]{40}").matcher(first.output);
            assertThat(printed.find()).as(first.output).isTrue();
            key = printed.group();
            assertThat(status(first.gateway, key)).isEqualTo(200);
            assertThat(status(first.gateway, key + "x")).isEqualTo(401);
        }
        String stored = Files.readString(dataDir.resolve("master-key.sha256")).trim();
        assertThat(stored).isEqualTo(KeyHashes.sha256Hex(key)).doesNotContain(key);

        try (Started second = start(Map.of())) {
            assertThat(second.output).doesNotContain("sk-sb-master-").contains("master-key.sha256");
            assertThat(status(second.gateway, key)).isEqualTo(200);
        }
    }

    @Test
    void environmentVariableSetsTheKeyAndNothingIsGenerated() throws Exception {
        try (Started started = start(Map.of("SWITCHBOARD_MASTER_KEY", "sk-my-own-key-123456"))) {
            assertThat(status(started.gateway, "sk-my-own-key-123456")).isEqualTo(200);
            assertThat(started.output).doesNotContain("sk-my-own-key-123456").doesNotContain("generated");
        }
        assertThat(dataDir.resolve("master-key.sha256")).doesNotExist();
    }

    @Test
    void tooShortAKeyIsRefusedAtStart() {
        assertThatThrownBy(() -> start(Map.of("SWITCHBOARD_MASTER_KEY", "short")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16");
    }

    private Started start(Map<String, String> env) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Gateway gateway = Gateway.start(GatewayOptions.of(null, 0, dataDir, env,
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        return new Started(gateway, out.toString(StandardCharsets.UTF_8));
    }

    private int status(Gateway gateway, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models"))
                .header("authorization", "Bearer " + key).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private record Started(Gateway gateway, String output) implements AutoCloseable {
        @Override
        public void close() {
            gateway.close();
        }
    }
}
