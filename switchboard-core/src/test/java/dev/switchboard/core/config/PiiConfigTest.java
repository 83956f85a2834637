package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.spi.ProviderRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code privacy} section: binding, defaults, line-accurate problems, secrets kept out of messages. */
class PiiConfigTest {

    private static final String SALT = "salt-0123456789-abcdef";
    private static final String KEY_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static SwitchboardConfig parse(Map<String, String> env, String yaml) throws ConfigException {
        return new ConfigLoader(env, ProviderRegistry.builtIn()).parse("s.yaml", yaml);
    }

    private static String problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(Map.of(), yaml));
        assertThat(e).as("a problem in\n%s", yaml).isNotNull();
        return e.getMessage();
    }

    @Test
    void defaultsAreOffWithEveryRoleAndTheReplaceOperator() throws ConfigException {
        PrivacyConfig privacy = parse(Map.of(), "").privacy();

        assertThat(privacy.policy()).isEqualTo("off");
        assertThat(PrivacyConfig.Policy.parse(privacy.policy())).isEqualTo(PrivacyConfig.Policy.OFF);
        assertThat(privacy.roles()).containsExactly("system", "user", "assistant", "tool");
        assertThat(privacy.operator().type()).isEqualTo("replace");
        assertThat(privacy.threshold()).isEqualTo(0.4);
        assertThat(privacy.maxTextChars()).isEqualTo(1_000_000);
    }

    @Test
    void bindsOperatorsAsNamesOrMappingsTenantsAndRecognizers() throws ConfigException {
        PrivacyConfig privacy = parse(Map.of("SALT", SALT, "KEY", KEY_HEX), """
                privacy:
                  policy: pseudonymize
                  entities: [PERSON, EMAIL_ADDRESS]
                  threshold: 0.5
                  operators:
                    EMAIL_ADDRESS: hash
                    CREDIT_CARD: { type: mask, masking_char: "#", chars_to_mask: 12 }
                  hash_salt: ${env:SALT}
                  encryption_key: ${env:KEY}
                  tenants:
                    acme: { policy: detect, threshold: 0.8 }
                    quiet: { policy: off }
                  recognizers:
                    - { name: staff, type: regex, entity: EMPLOYEE_ID, pattern: "E\\\\d{6}", context: [employee] }
                    - { name: customers, type: deny_list, entity: CUSTOMER, words: [Acme Corp] }
                """).privacy();

        assertThat(privacy.operators().get("EMAIL_ADDRESS").type()).isEqualTo("hash");
        assertThat(privacy.operators().get("CREDIT_CARD").charsToMask()).isEqualTo(12);
        assertThat(privacy.operators().get("CREDIT_CARD").maskingChar()).isEqualTo("#");
        assertThat(privacy.tenants().get("acme").threshold()).isEqualTo(0.8);
        assertThat(PrivacyConfig.Policy.parse(privacy.tenants().get("quiet").policy()))
                .as("a bare off in YAML").isEqualTo(PrivacyConfig.Policy.OFF);
        assertThat(privacy.recognizers().get(0).score()).isEqualTo(0.6);
        assertThat(privacy.recognizers().get(1).score()).isEqualTo(1.0);
        assertThat(PrivacyConfig.keyBytes(privacy.encryptionKey())).hasSize(32);
        assertThat(privacy.toString()).doesNotContain(SALT).doesNotContain(KEY_HEX);
    }

    @Test
    void problemsNameTheOptionAndLine() {
        String message = problems("""
                privacy:
                  policy: scramble
                  operators:
                    EMAIL_ADDRESS: shred
                    CREDIT_CARD: hash
                  roles: [user, robot]
                  recognizers:
                    - { name: bad, type: regex, entity: lower_case, pattern: "(" }
                """);

        assertThat(message).contains("s.yaml:2: privacy.policy: invalid value 'scramble'")
                .contains("privacy.operators.EMAIL_ADDRESS: unknown operator 'shred'")
                .contains("privacy.operators.CREDIT_CARD: the hash operator needs privacy.hash_salt")
                .contains("privacy.roles[1]: unknown role 'robot'")
                .contains("privacy.recognizers[0].entity").contains("privacy.recognizers[0].pattern");
    }

    @Test
    void badSecretsAreReportedWithoutTheirValues() {
        String message = problems("""
                privacy:
                  hash_salt: short-salt
                  encryption_key: not-a-key-%s
                """.formatted(SALT));

        assertThat(message).contains("privacy.hash_salt", "privacy.encryption_key")
                .doesNotContain("short-salt").doesNotContain(SALT);
    }

    @Test
    void unknownOptionsInAnOperatorMappingAreErrors() {
        assertThat(problems("""
                privacy:
                  operators:
                    PERSON: { type: mask, chars: 3 }
                """)).contains("unknown option 'chars'");
    }
}
