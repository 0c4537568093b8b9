package studio.brain.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.testing.TestPostgres;

/**
 * {@code studio-brain retention} as a person runs it: a dry run changes nothing; --apply obeys the switch; a hold
 * placed from the command line is listed and honoured.
 */
class RetentionCliTest {
    @TempDir
    Path work;

    @Test
    void aDryRunChangesNothingAnApplyObeysTheSwitchAndHoldsAreHonoured() throws Exception {
        String url = TestPostgres.newDatabaseUrl();
        Process dry = cli(work.resolve("dry"), url, Map.of(), "retention", "--dry-run").start();
        assertThat(dry.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = output(work.resolve("dry"));
        assertThat(dry.exitValue()).as(printed).isZero();
        assertThat(printed).contains("Retention dry run (nothing changed)");
        for (DataClass dataClass : DataClass.values()) {
            assertThat(printed).contains(dataClass.id());
        }
        assertThat(count(url, "select count(*) from audit_events where action like 'retention.%'")).isZero();

        Process apply = cli(work.resolve("apply"), url, Map.of(), "retention", "--apply").start();
        assertThat(apply.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(apply.exitValue()).isEqualTo(1);
        assertThat(output(work.resolve("apply"))).contains("the retention purge is off")
                .contains("STUDIO_BRAIN_RETENTION_CRON");
        assertThat(count(url, "select count(*) from audit_events where action = 'retention.skipped' "
                + "and metadata->>'reason' = 'DISABLED'")).isOne();

        Process hold = cli(work.resolve("hold"), url, Map.of(), "retention", "hold", "--class", "outbox.delivered",
                "--reason", "Delivery audit requested by the insurer", "--by", "mara").start();
        assertThat(hold.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(hold.exitValue()).as(output(work.resolve("hold"))).isZero();
        Process holds = cli(work.resolve("holds"), url, Map.of(), "retention", "holds").start();
        assertThat(holds.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output(work.resolve("holds"))).contains("data_class  outbox.delivered")
                .contains("Delivery audit requested by the insurer").contains("1 active hold.");

        Process on = cli(work.resolve("on"), url, Map.of("STUDIO_BRAIN_RETENTION_CRON", "0 45 3 * * ?"),
                "retention", "--apply").start();
        assertThat(on.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String applied = output(work.resolve("on"));
        assertThat(on.exitValue()).as(applied).isZero();
        assertThat(applied).contains("Retention purge at");
        assertThat(count(url, "select count(*) from audit_events where action = 'retention.skipped' "
                + "and metadata->>'reason' = 'NOT_EXPIRED'")).isEqualTo(DataClass.values().length - 2);
        assertThat(count(url, "select count(*) from audit_events where action = 'retention.skipped' "
                + "and metadata->>'reason' = 'LEGAL_HOLD' and metadata->>'class' = 'outbox.delivered'")).isOne();
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static ProcessBuilder cli(Path work, String databaseUrl, Map<String, String> env, String... args) throws Exception {
        Files.createDirectories(work);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classpath, "studio.brain.cli.StudioBrain"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("STUDIO_BRAIN_"));
        builder.environment().put("STUDIO_BRAIN_DATA_DIR", work.getParent().resolve("data").toString());
        builder.environment().put("STUDIO_BRAIN_DB_URL", databaseUrl);
        builder.environment().put("STUDIO_BRAIN_DB_USER", "postgres");
        builder.environment().putAll(env);
        builder.redirectOutput(work.resolve("out.log").toFile());
        builder.redirectError(work.resolve("err.log").toFile());
        return builder;
    }

    static String output(Path work) throws Exception {
        return Files.readString(work.resolve("out.log"), StandardCharsets.UTF_8)
                + Files.readString(work.resolve("err.log"), StandardCharsets.UTF_8);
    }
}
