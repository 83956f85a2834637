package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import dev.switchboard.server.cli.SwitchboardCommand;
import dev.switchboard.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard consent ...} against the consent store of a running gateway (the SQLite file in
 * its data directory): what the CLI grants and revokes, the gateway enforces within its refresh
 * interval.
 */
class ConsentCommandTest {

    private Simulator upstream;
    private GatewayFixture fixture;
    private Path dataDir;

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    @BeforeEach
    void start() {
        upstream = GatewayFixture.simulator();
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                providers:
                  sim: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: sim, model: m }]
                consent:
                  refresh_interval: 100ms
                  use_flush_interval: 50ms
                """, upstream);
        dataDir = fixture.dir.resolve("data");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 3];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--data-dir";
            all[args.length + 1] = dataDir.toString();
            all[args.length + 2] = "--json";
            int code = SwitchboardCommand.run(all);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger passed = new java.util.concurrent.atomic.AtomicInteger();

    /** Sends a chat request for the subject; counts those that passed (each logs one use). */
    private int chatStatus(String subject) {
        int status = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + GatewayFixture.KEY).header("content-type", "application/json")
                .header("x-switchboard-subject", subject).header("x-switchboard-purpose", "support")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build()).statusCode();
        if (status == 200) {
            passed.incrementAndGet();
        }
        return status;
    }

    @Test
    void grantListRevokeAndEraseFromTheCommandLineAreEnforcedByTheRunningGateway() throws Exception {
        assertThat(chatStatus("subj-42")).isEqualTo(403);

        Run granted = cli("consent", "grant", "subj-42", "--purpose", "support", "--fields", "EMAIL_ADDRESS,PERSON",
                "--retention", "12h");
        assertThat(granted.exitCode()).as(granted.err()).isZero();
        assertThat(granted.json().get("fields").toString()).isEqualTo("[\"EMAIL_ADDRESS\",\"PERSON\"]");
        assertThat(granted.json().get("retention").asText()).isEqualTo("12h");
        assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> chatStatus("subj-42") == 200)).isTrue();

        Run listed = cli("consent", "list", "subj-42");
        assertThat(listed.json().get("data")).hasSize(1);
        assertThat(listed.json().at("/data/0/active").asBoolean()).isTrue();

        Run revoked = cli("consent", "revoke", "subj-42", "--purpose", "support");
        assertThat(revoked.exitCode()).isZero();
        assertThat(revoked.json().get("active").asBoolean()).isFalse();
        assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> chatStatus("subj-42") == 403)).isTrue();

        assertThat(GatewayFixture.eventually(Duration.ofSeconds(5), () -> usesLogged() == passed.get()))
                .as("every request that passed logged one use").isTrue();

        Run erased = cli("consent", "erase", "subj-42");
        assertThat(erased.exitCode()).isZero();
        assertThat(erased.json().at("/hooks/0/name").asText()).isEqualTo("consent");
        assertThat(erased.json().at("/hooks/0/erased").asLong()).as("the subject, the revoked consent and the uses")
                .isEqualTo(2 + passed.get());
        assertThat(usesLogged()).isZero();

        Run gone = cli("consent", "list", "subj-42");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("subject 'subj-42' does not exist");
    }

    private int usesLogged() {
        try {
            return cli("consent", "uses", "subj-42").json().get("data").size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBadFieldIsRefusedWithExitCode1AndAMessageNamingIt() {
        Run run = cli("consent", "grant", "subj-42", "--purpose", "support", "--fields", "email");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("'fields' holds \"email\"");
    }
}
