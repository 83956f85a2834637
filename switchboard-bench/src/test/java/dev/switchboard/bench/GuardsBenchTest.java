package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.GuardsConfig.Action;
import dev.switchboard.core.config.PrivacyConfig.Policy;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.spi.ProviderRegistry;
import dev.switchboard.guard.injection.InjectionDetector;
import dev.switchboard.guard.moderation.ModerationCategory;
import dev.switchboard.guard.moderation.ModerationClassifier;
import dev.switchboard.guard.moderation.ModerationScores;
import dev.switchboard.guard.safety.LeakageDetector;
import dev.switchboard.guard.tools.ToolPolicies;
import dev.switchboard.guard.tools.ToolPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --with-guards}: the gateway config it generates, read by the server's own loader, turns
 * every issue-5 guard on without refusing anything, and the prompt it sends passes the shipped
 * classifiers.
 */
class GuardsBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BenchOptions latencyOptions(String... args) {
        LatencyCommand command = new LatencyCommand();
        new CommandLine(command).parseArgs(args);
        return command.options;
    }

    private static SwitchboardConfig load(BenchOptions options) throws Exception {
        String yaml = TestBed.gatewayConfig(options, 40000, null);
        return new ConfigLoader(Map.of("SWITCHBOARD_MASTER_KEY", "sk-test-master-key-0123456789"),
                ProviderRegistry.builtIn()).parse("switchboard-bench.yaml", yaml);
    }

    @Test
    void withGuardsTheGatewayRunsEveryGuardAndFlagsInsteadOfBlocking() throws Exception {
        SwitchboardConfig config = load(latencyOptions("--with-guards"));

        assertThat(config.guards().injection().parsedAction()).isEqualTo(Action.FLAG);
        assertThat(config.guards().injection().roles()).containsExactly("user", "tool");
        assertThat(config.guards().injection().remote()).isNull();
        assertThat(config.guards().moderation().inputAction()).isEqualTo(Action.FLAG);
        assertThat(config.guards().moderation().outputAction()).isEqualTo(Action.FLAG);
        assertThat(config.guards().moderation().remote()).isNull();
        assertThat(config.guards().leakage().parsedAction()).isEqualTo(Action.FLAG);
        ToolPolicy tools = ToolPolicies.from(config.tools()).forCaller(null);
        assertThat(tools.allows(BenchGuards.TOOL_NAME)).isTrue();
        assertThat(tools.allows(BenchGuards.DENIED_TOOL)).isFalse();
        assertThat(tools.allows("send_email")).isFalse();
        assertThat(Policy.parse(config.privacy().policy())).isEqualTo(Policy.OFF);
    }

    @Test
    void withoutTheFlagNoGuardRunsAndTheRequestIsTheShortPrompt() throws Exception {
        BenchOptions options = latencyOptions();
        SwitchboardConfig config = load(options);

        assertThat(config.guards().injection().parsedAction()).isEqualTo(Action.OFF);
        assertThat(config.guards().moderation().inputAction()).isEqualTo(Action.OFF);
        assertThat(config.guards().leakage().parsedAction()).isEqualTo(Action.OFF);
        assertThat(options.prompt()).isEqualTo(ChatPrompt.user(Target.PROMPT));
        assertThat(options.gatewayPipeline()).doesNotContain("guards on");
    }

    @Test
    void withGuardsAndPiiBothApplyAndTheUserMessageIsThePersonalDataOne() throws Exception {
        BenchOptions options = latencyOptions("--with-guards", "--with-pii");
        SwitchboardConfig config = load(options);

        assertThat(Policy.parse(config.privacy().policy())).isEqualTo(Policy.REDACT);
        assertThat(config.guards().injection().parsedAction()).isEqualTo(Action.FLAG);
        assertThat(options.prompt().user()).isEqualTo(BenchOptions.PII_PROMPT);
        assertThat(options.prompt().system()).isEqualTo(BenchGuards.SYSTEM_PROMPT);
        assertThat(options.gatewayPipeline()).contains("PII redact").contains("guards on");
        assertThat(options.promptDescription()).contains("personal data").contains("system message");
    }

    @Test
    void theGuardsRequestCarriesASystemPromptTwoKilobytesOfUserTextAndOneToolNotToBeCalled() throws Exception {
        BenchOptions options = latencyOptions("--with-guards");
        JsonNode body = JSON.readTree(options.prompt().bodyJson("bench", false));

        assertThat(body.get("model").asText()).isEqualTo("bench");
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).isEqualTo(BenchGuards.SYSTEM_PROMPT);
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText().getBytes(StandardCharsets.UTF_8).length)
                .isBetween(2000, 2200);
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo(BenchGuards.TOOL_NAME);
        assertThat(body.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("order_id");
        assertThat(body.get("tool_choice").asText()).isEqualTo("none");
        assertThat(body.has("stream")).isFalse();
        assertThat(JSON.readTree(options.prompt().bodyJson("bench", true)).get("stream").asBoolean()).isTrue();
    }

    @Test
    void theBenignPromptHasNoPersonalDataAndTheSameSeedGivesTheSameBytes() {
        assertThat(BenchOptions.BENIGN_PROMPT).isEqualTo(new PiiMessages(2026).benignMessage(2000));
        assertThat(BenchOptions.BENIGN_PROMPT).doesNotContain("@").doesNotContainPattern("\\d{3}");
        // the PII prompt did not change when the benign variant was added
        assertThat(BenchOptions.PII_PROMPT).isEqualTo(new PiiMessages(2026).message(2000));
    }

    @Test
    void neitherPromptOfTheGuardsBenchmarkFiresAGuard() {
        InjectionDetector injection = InjectionDetector.shipped();
        ModerationClassifier moderation = ModerationClassifier.shipped();
        for (String user : new String[] {BenchOptions.BENIGN_PROMPT, BenchOptions.PII_PROMPT}) {
            assertThat(injection.score(user).score()).as("injection score of %.40s…", user).isLessThan(0.5);
            ModerationScores scores = moderation.score(user);
            for (ModerationCategory category : ModerationCategory.all()) {
                assertThat(scores.score(category)).as("%s of %.40s…", category, user).isLessThan(0.5);
            }
        }
        assertThat(injection.score(BenchGuards.INJECTION_PROBE).score()).isGreaterThanOrEqualTo(0.5);
        LeakageDetector leakage = new LeakageDetector(BenchGuards.SYSTEM_PROMPT);
        assertThat(leakage.isEmpty()).as("the system prompt is long enough to be protected").isFalse();
        assertThat(leakage.peek("[simulated] lorem ipsum dolor sit amet consectetur")).isLessThan(0.3);
    }
}
