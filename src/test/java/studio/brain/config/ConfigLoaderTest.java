package studio.brain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static final Properties DEFAULTS = ConfigLoader.bundledDefaults();

    private static HubConfig load(Map<String, String> env) {
        return ConfigLoader.load(DEFAULTS, env);
    }

    private static List<ConfigProblem> problems(Map<String, String> env) {
        try {
            load(env);
            throw new AssertionError("expected the configuration to be refused");
        } catch (InvalidConfigException e) {
            return e.problems();
        }
    }

    @Test
    void anchorModeDefaultsNeedNoSettings() {
        HubConfig config = load(Map.of());
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8787);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.tenantId()).isEqualTo("studio-main");
        assertThat(config.writesEnabled()).isFalse();
        assertThat(config.writeApprovalRequired()).isTrue();
        assertThat(config.staffAuth()).isEqualTo(StaffAuthMode.LOCAL_TOKEN);
        assertThat(config.stripeApiKey()).isEmpty();
        assertThat(config.sampleStudio()).isTrue();
        assertThat(config.routesDir()).isEqualTo(Path.of("routes"));
        assertThat(config.connectorsDir()).isEqualTo(Path.of("connectors-yaml"));
        assertThat(config.policiesDir()).isEqualTo(Path.of("policies"));
        assertThat(config.routesReload()).isFalse();
    }

    @Test
    void environmentOverridesDefaults() {
        HubConfig config = load(Map.of(
                "STUDIO_BRAIN_HTTP_PORT", "9000",
                "STUDIO_BRAIN_TENANT_ID", "clay-north",
                "STUDIO_BRAIN_DB_URL", "jdbc:postgresql://db.internal:5432/brain",
                "STUDIO_BRAIN_DB_USER", "brain",
                "STUDIO_BRAIN_DB_PASSWORD", "pw-123456",
                "STUDIO_BRAIN_STRIPE_API_KEY", "rk_live_abcdef123456",
                "STUDIO_BRAIN_FIRESTORE_PROJECT_ID", "clay-studio-prod",
                "STUDIO_BRAIN_ROUTES_RELOAD", "true",
                "STUDIO_BRAIN_HEARTBEAT_CRON", "0 0/5 * * * ?"));
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.tenantId()).isEqualTo("clay-north");
        assertThat(config.embeddedDatabase()).isFalse();
        assertThat(config.dbPassword()).map(Secret::reveal).contains("pw-123456");
        assertThat(config.stripeApiKey()).map(Secret::reveal).contains("rk_live_abcdef123456");
        assertThat(config.sampleStudio()).isFalse();
        assertThat(config.routesReload()).isTrue();
    }

    @Test
    void blankVariablesFallBackToDefaults() {
        assertThat(load(Map.of("STUDIO_BRAIN_HTTP_PORT", "  ")).httpPort()).isEqualTo(8787);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "STUDIO_BRAIN_HTTP_PORT | 0 | port number from 1 to 65535",
            "STUDIO_BRAIN_HTTP_PORT | 70000 | port number from 1 to 65535",
            "STUDIO_BRAIN_HTTP_PORT | eighty | port number from 1 to 65535",
            "STUDIO_BRAIN_TENANT_ID | Studio Main | a-z, 0-9",
            "STUDIO_BRAIN_WRITES_ENABLED | yes | true or false",
            "STUDIO_BRAIN_ROUTES_RELOAD | 1 | true or false",
            "STUDIO_BRAIN_STAFF_AUTH | password | local-token or firebase",
            "STUDIO_BRAIN_DB_URL | mysql://db/brain | PostgreSQL JDBC URL",
            "STUDIO_BRAIN_FIRESTORE_PROJECT_ID | X! | Google Cloud project id",
            "STUDIO_BRAIN_HEARTBEAT_CRON | every minute | Quartz cron",
            "STUDIO_BRAIN_LOG_LEVEL | LOUD | one of TRACE",
            "STUDIO_BRAIN_HTTP_PROT | 8080 | unknown setting",
    })
    void eachInvalidValueIsNamedWithWhatToDo(String variable, String value, String hint) {
        assertThat(problems(Map.of(variable, value)))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.variable()).isEqualTo(variable);
                    assertThat(p.message()).contains(hint);
                });
    }

    @Test
    void fullAccessStripeKeyIsRefusedWithoutEchoingIt() {
        List<ConfigProblem> problems = problems(Map.of("STUDIO_BRAIN_STRIPE_API_KEY", "sk_test_51Hsecretvalue"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.variable()).isEqualTo("STUDIO_BRAIN_STRIPE_API_KEY");
            assertThat(p.message()).contains("restricted key (rk_").doesNotContain("51Hsecretvalue");
        });
    }

    @Test
    void anIntakeSecretThatIsNotAStandardWebhooksSecretIsRefusedWithoutEchoingIt() {
        assertThat(problems(Map.of("STUDIO_BRAIN_INTAKE_WEBHOOK_SECRET", "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY;"
                + "hunter2-plain-password"))).singleElement().satisfies(p -> {
                    assertThat(p.variable()).isEqualTo("STUDIO_BRAIN_INTAKE_WEBHOOK_SECRET");
                    assertThat(p.message()).contains("entry 2").doesNotContain("hunter2").doesNotContain("QUJD");
                });
    }

    @Test
    void aKeyThatIsNotRestrictedIsRefusedWithoutEchoingIt() {
        assertThat(problems(Map.of("STUDIO_BRAIN_STRIPE_API_KEY", "pk_live_public123")))
                .singleElement().satisfies(p -> assertThat(p.message()).doesNotContain("public123"));
    }

    @Test
    void writesWithoutApprovalAreRefused() {
        assertThat(problems(Map.of("STUDIO_BRAIN_WRITES_ENABLED", "true",
                "STUDIO_BRAIN_WRITE_APPROVAL_REQUIRED", "false")))
                .singleElement().satisfies(p -> assertThat(p.variable()).isEqualTo("STUDIO_BRAIN_WRITE_APPROVAL_REQUIRED"));
        assertThat(load(Map.of("STUDIO_BRAIN_WRITES_ENABLED", "true")).writesEnabled()).isTrue();
    }

    @Test
    void exposingTheHubNeedsStaffSignIn() {
        assertThat(problems(Map.of("STUDIO_BRAIN_HTTP_HOST", "0.0.0.0")))
                .singleElement().satisfies(p -> assertThat(p.variable()).isEqualTo("STUDIO_BRAIN_HTTP_HOST"));
        assertThat(problems(Map.of("STUDIO_BRAIN_HTTP_HOST", "studio-brain.lan")))
                .singleElement().satisfies(p -> assertThat(p.variable()).isEqualTo("STUDIO_BRAIN_HTTP_HOST"));
        assertThat(problems(Map.of("STUDIO_BRAIN_HTTP_HOST", "0.0.0.0", "STUDIO_BRAIN_STAFF_AUTH", "firebase")))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("STUDIO_BRAIN_FIRESTORE_PROJECT_ID"));
        HubConfig exposed = load(Map.of("STUDIO_BRAIN_HTTP_HOST", "0.0.0.0", "STUDIO_BRAIN_STAFF_AUTH", "firebase",
                "STUDIO_BRAIN_FIRESTORE_PROJECT_ID", "clay-studio-prod"));
        assertThat(exposed.staffAuth()).isEqualTo(StaffAuthMode.FIREBASE);
        assertThat(load(Map.of("STUDIO_BRAIN_HTTP_HOST", "localhost")).httpHost()).isEqualTo("localhost");
        assertThat(load(Map.of("STUDIO_BRAIN_HTTP_HOST", "::1")).httpHost()).isEqualTo("::1");
        assertThat(load(Map.of("STUDIO_BRAIN_HTTP_HOST", "127.0.0.2")).httpHost()).isEqualTo("127.0.0.2");
    }

    @Test
    void databaseCredentialsWithoutUrlAreRefused() {
        assertThat(problems(Map.of("STUDIO_BRAIN_DB_PASSWORD", "pw-123456")))
                .singleElement().satisfies(p -> assertThat(p.message()).doesNotContain("pw-123456"));
    }

    @Test
    void everyProblemIsListedAtOnce() {
        Map<String, String> env = new HashMap<>();
        env.put("STUDIO_BRAIN_HTTP_PORT", "-1");
        env.put("STUDIO_BRAIN_STRIPE_API_KEY", "sk_live_zzzzzzzz");
        env.put("STUDIO_BRAIN_TENANT_ID", "UPPER");
        env.put("STUDIO_BRAIN_WRITES_ENABLED", "true");
        env.put("STUDIO_BRAIN_WRITE_APPROVAL_REQUIRED", "false");
        assertThatThrownBy(() -> load(env))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageNotContaining("zzzzzzzz")
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).extracting(ConfigProblem::variable)
                        .containsExactlyInAnyOrder("STUDIO_BRAIN_HTTP_PORT", "STUDIO_BRAIN_STRIPE_API_KEY",
                                "STUDIO_BRAIN_TENANT_ID", "STUDIO_BRAIN_WRITE_APPROVAL_REQUIRED"));
    }

    @Test
    void secretsAreRedactedWhereverTheConfigIsPrinted() {
        HubConfig config = load(Map.of(
                "STUDIO_BRAIN_DB_URL", "jdbc:postgresql://db:5432/brain?user=brain&password=url-pass-777",
                "STUDIO_BRAIN_DB_PASSWORD", "pw-123456",
                "STUDIO_BRAIN_STRIPE_API_KEY", "rk_live_abcdef123456"));
        String printed = config.toString() + config.describe();
        assertThat(printed).doesNotContain("pw-123456", "rk_live_abcdef123456", "url-pass-777");
        assertThat(config.describe().get("STUDIO_BRAIN_STRIPE_API_KEY")).contains("set");
        assertThat(Secret.of("x-secret-value").toString()).isEqualTo(Secret.MASK);
    }
}
