package studio.brain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.auth.LocalAdminToken;
import studio.brain.testing.Ports;
import studio.brain.testing.TestPostgres;

/** After the hub has run, `ledger verify` passes; after one row is edited as a superuser, it fails naming it. */
class LedgerCliTest {

    private record Run(int exit, String out) {
    }

    private static Run cli(Path work, Map<String, String> env, String... args) throws Exception {
        Process process = start(work, env, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(work.resolve("out.log")) + Files.readString(work.resolve("err.log")));
    }

    private static Process start(Path work, Map<String, String> env, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "studio.brain.cli.StudioBrain"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("STUDIO_BRAIN_"));
        builder.environment().putAll(env);
        builder.redirectOutput(work.resolve("out.log").toFile()).redirectError(work.resolve("err.log").toFile());
        return builder.start();
    }

    @Test
    void killingTheHubMidAppendLeavesAWholeChain(@TempDir Path work) throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        int port = Ports.free();
        Path routes = Files.createDirectories(work.resolve("routes"));
        // Every tick fails, so the ledger is appending route.failed events all the time.
        Files.writeString(routes.resolve("storm.camel.yaml"), """
                - route:
                    id: failure-storm
                    from:
                      uri: "timer:storm"
                      parameters:
                        period: "5"
                      steps:
                        - throwException:
                            exceptionType: "java.lang.IllegalStateException"
                            message: "boom"
                """);
        Map<String, String> env = new HashMap<>(Map.of("STUDIO_BRAIN_DATA_DIR", work.resolve("data").toString(),
                "STUDIO_BRAIN_DB_URL", url, "STUDIO_BRAIN_DB_USER", "postgres",
                "STUDIO_BRAIN_HTTP_PORT", Integer.toString(port), "STUDIO_BRAIN_ROUTES_DIR", routes.toString()));
        Process hub = start(work, env);
        long appended = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
            while (appended < 300 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                try (var rs = s.executeQuery("select count(*) from audit_events where action = 'route.failed'")) {
                    rs.next();
                    appended = rs.getLong(1);
                } catch (java.sql.SQLException notMigratedYet) {
                    appended = 0;
                }
            }
        } finally {
            hub.destroyForcibly();
            assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(appended).as("route.failed events before the kill").isGreaterThanOrEqualTo(300);

        Run verified = cli(work, env, "ledger", "verify");
        assertThat(verified.exit()).as(verified.out()).isZero();
        assertThat(verified.out()).contains("OK:");
    }

    @Test
    void verifyPassesAfterTheHubRanAndFailsNamingAnEditedRow(@TempDir Path work) throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        int port = Ports.free();
        Map<String, String> env = new HashMap<>(Map.of("STUDIO_BRAIN_DATA_DIR", work.resolve("data").toString(),
                "STUDIO_BRAIN_DB_URL", url, "STUDIO_BRAIN_DB_USER", "postgres",
                "STUDIO_BRAIN_HTTP_PORT", Integer.toString(port), "STUDIO_BRAIN_ROUTES_DIR", work.resolve("routes").toString()));
        Files.createDirectories(work.resolve("routes"));
        Process hub = start(work, env);
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(status).as(Files.readString(work.resolve("out.log")) + Files.readString(work.resolve("err.log")))
                    .isEqualTo(200);
            String adminToken = Files.readString(work.resolve("data").resolve(LocalAdminToken.FILE_NAME)).strip();
            for (int i = 0; i < 3; i++) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/audit/verify"))
                                .header("Authorization", "Bearer " + adminToken).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            }
        } finally {
            hub.destroy();
            assertThat(hub.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        Run verified = cli(work, env, "ledger", "verify");
        assertThat(verified.exit()).as(verified.out()).isZero();
        assertThat(verified.out()).contains("OK:");

        Run pubkey = cli(work, env, "ledger", "pubkey");
        assertThat(pubkey.out()).contains("studio-brain.local/studio-main+");

        Path bundle = work.resolve("bundle");
        assertThat(cli(work, env, "ledger", "export", "--out", bundle.toString()).exit()).isZero();
        Run offline = cli(work, Map.of(), "ledger", "verify-bundle", bundle.toString(), "--pubkey",
                pubkey.out().lines().filter(l -> l.startsWith("studio-brain.local/")).findFirst().orElseThrow());
        assertThat(offline.exit()).as(offline.out()).isZero();

        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute("update audit_events set actor_id = 'someone-else' where seq = 3");
        }
        Run tampered = cli(work, env, "ledger", "verify");
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("FAILED at seq 3: EDITED");
    }

    @Test
    void rebuildReplaysAnExportedBundleIntoAnEmptyDatabaseWithTheSameSnapshotHashes(@TempDir Path work)
            throws Exception {
        int port = Ports.free();
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.copy(Path.of("routes/studio-state.camel.yaml"), routes.resolve("studio-state.camel.yaml"));
        Map<String, String> env = new HashMap<>(Map.of("STUDIO_BRAIN_DATA_DIR", work.resolve("data").toString(),
                "STUDIO_BRAIN_DB_URL", TestPostgres.newDatabaseUrl(), "STUDIO_BRAIN_DB_USER", "postgres",
                "STUDIO_BRAIN_HTTP_PORT", Integer.toString(port), "STUDIO_BRAIN_ROUTES_DIR", routes.toString()));
        String snapshotHash;
        Process hub = start(work, env);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String latest = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!latest.contains("snapshotHash") && System.nanoTime() < deadline) {
                Thread.sleep(300);
                try {
                    String token = Files.readString(work.resolve("data").resolve(LocalAdminToken.FILE_NAME)).strip();
                    latest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/api/studio-state/latest")).header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException notYet) {
                    latest = "";
                }
            }
            assertThat(latest).as(Files.readString(work.resolve("err.log"))).contains("snapshotHash");
            snapshotHash = new com.fasterxml.jackson.databind.ObjectMapper().readTree(latest).get("snapshotHash")
                    .asText();
        } finally {
            hub.destroy();
            assertThat(hub.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        Run exported = cli(work, env, "ledger", "export", "--out", work.resolve("bundle").toString());
        assertThat(exported.exit()).as(exported.out()).isZero();
        Run refused = cli(work, env, "rebuild");
        assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
        assertThat(refused.out()).contains("Refused");

        Map<String, String> fresh = new HashMap<>(env);
        fresh.put("STUDIO_BRAIN_DB_URL", TestPostgres.newDatabaseUrl());
        fresh.put("STUDIO_BRAIN_DATA_DIR", work.resolve("fresh").toString());
        Run rebuilt = cli(work, fresh, "rebuild", "--from-bundle", work.resolve("bundle").toString());
        assertThat(rebuilt.exit()).as(rebuilt.out()).isZero();
        assertThat(rebuilt.out()).contains("Rebuilt 1 days", "Proven");
        try (Connection c = DriverManager.getConnection(fresh.get("STUDIO_BRAIN_DB_URL"), "postgres", null);
             Statement s = c.createStatement();
             var rs = s.executeQuery("select snapshot_hash from studio_state_daily")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(snapshotHash);
        }
    }
}
