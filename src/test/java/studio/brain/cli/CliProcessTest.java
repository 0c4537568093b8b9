package studio.brain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.Ports;
import studio.brain.testing.TestPostgres;

/** The hub as a person runs it: a separate JVM, its exit codes, and everything it prints. */
class CliProcessTest {
    private static final List<String> SECRETS = List.of("db-secret-8080", "url-secret-5150", "rk_test_SeCrEt999");

    private static ProcessBuilder hubProcess(Path work, Map<String, String> env, String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "studio.brain.cli.StudioBrain"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("STUDIO_BRAIN_"));
        builder.environment().put("STUDIO_BRAIN_DATA_DIR", work.resolve("data").toString());
        builder.environment().putAll(env);
        builder.redirectOutput(work.resolve("out.log").toFile());
        builder.redirectError(work.resolve("err.log").toFile());
        return builder;
    }

    private static String output(Path work) throws IOException {
        return Files.readString(work.resolve("out.log"), StandardCharsets.UTF_8)
                + Files.readString(work.resolve("err.log"), StandardCharsets.UTF_8);
    }

    @Test
    void aFullAccessStripeKeyExitsWithCode2AndAnActionableMessageWithoutTheKey(@TempDir Path work) throws Exception {
        Process process = hubProcess(work, Map.of("STUDIO_BRAIN_STRIPE_API_KEY", "sk_test_123")).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        String printed = output(work);
        assertThat(Files.readString(work.resolve("err.log"))).contains("STUDIO_BRAIN_STRIPE_API_KEY")
                .contains("restricted key (rk_");
        assertThat(printed).doesNotContain("sk_test_123");
        assertThat(work.resolve("data")).doesNotExist();
    }

    @Test
    void configCheckPrintsTheConfigurationWithSecretsRedacted(@TempDir Path work) throws Exception {
        Process process = hubProcess(work, secretEnv(), "config", "check").start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        String printed = output(work);
        assertThat(printed).contains("STUDIO_BRAIN_STRIPE_API_KEY").contains("Configuration OK.");
        assertThat(printed).doesNotContain(SECRETS);
    }

    @Test
    void aStartWithSecretsSetNeverPrintsThem(@TempDir Path work) throws Exception {
        int port = Ports.free();
        Map<String, String> env = new java.util.HashMap<>(secretEnv());
        env.put("STUDIO_BRAIN_HTTP_PORT", Integer.toString(port));
        env.put("STUDIO_BRAIN_LOG_LEVEL", "DEBUG");
        env.put("STUDIO_BRAIN_HEARTBEAT_CRON", "* * * * * ?");
        Process process = hubProcess(work, env).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            int status = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (status != 200 && System.nanoTime() < deadline && process.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(status).as("readyz").isEqualTo(200);
            Thread.sleep(1500);
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope?token=rk_test_SeCrEt999"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).doesNotContain(SECRETS);
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String printed = output(work);
        Path adminToken = work.resolve("data/admin-token");
        assertThat(adminToken).exists();
        assertThat(java.nio.file.Files.getPosixFilePermissions(adminToken))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(printed).contains("admin-token").doesNotContain(Files.readString(adminToken).trim());
        assertThat(printed).contains("\"event\":\"hub.started\"").contains("\"event\":\"hub.stopped\"");
        assertThat(printed).contains("\"event\":\"job.succeeded\"");
        assertThat(printed).doesNotContain(SECRETS);
    }

    private static Map<String, String> secretEnv() {
        String url = TestPostgres.newDatabaseUrl() + "&password=url-secret-5150";
        return Map.of(
                "STUDIO_BRAIN_DB_URL", url,
                "STUDIO_BRAIN_DB_USER", "postgres",
                "STUDIO_BRAIN_DB_PASSWORD", "db-secret-8080",
                "STUDIO_BRAIN_STRIPE_API_KEY", "rk_test_SeCrEt999");
    }
}
