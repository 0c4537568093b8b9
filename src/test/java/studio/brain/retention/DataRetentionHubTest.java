package studio.brain.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.config.ConfigKey;
import studio.brain.testing.TestHub;

/**
 * The repo's data-retention route in a running hub: loaded but not started by default, started on the configured
 * cron when STUDIO_BRAIN_RETENTION_CRON is set, and a cron that is not one refused with the variable's name.
 */
class DataRetentionHubTest {
    @TempDir
    Path work;

    private TestHub start(Path dir) throws Exception {
        Map<String, String> env = TestHub.env(dir);
        Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("routes/data-retention.camel.yaml"), dir.resolve("routes/data-retention.camel.yaml"));
        return TestHub.start(env);
    }

    @Test
    void offByDefaultARunPurgesNothingAndRecordsWhy() throws Exception {
        try (TestHub hub = start(work)) {
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("data-retention")).isNotNull();
            DataRetention bean = hub.hub().camel().getRegistry().lookupByNameAndType("dataRetention",
                    DataRetention.class);
            assertThat(bean.enabled()).isFalse();
            assertThat(hub.hub().degradations().current().keySet().toString()).doesNotContain("retention");
            hub.awaitReadiness(r -> "ready".equals(r.path("status").asText()), Duration.ofSeconds(30));
            // What the route's step does when it fires while the purge is off.
            Object answer = hub.hub().camel().createProducerTemplate()
                    .requestBody("bean:dataRetention?method=run", (Object) "");
            assertThat(answer).isEqualTo(Map.of("applied", false, "skipped", "DISABLED"));
            try (var c = hub.hub().database().dataSource().getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("select metadata->>'reason' from audit_events "
                         + "where action like 'retention.%' order by seq")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("DISABLED");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void aConfiguredCronStartsTheRoute() throws Exception {
        // Camel resolves the setting from the environment, or a system property of the same name, as the hub runs.
        System.setProperty(ConfigKey.RETENTION_CRON.propertyName(), "0 45 3 * * ?");
        TestHub hub;
        try {
            hub = start(work);
        } finally {
            System.clearProperty(ConfigKey.RETENTION_CRON.propertyName());
        }
        try (hub) {
            assertThat(hub.hub().camel().getRouteController().getRouteStatus("data-retention").isStarted()).isTrue();
            assertThat(hub.hub().camel().getRegistry().lookupByNameAndType("dataRetention", DataRetention.class)
                    .enabled()).isTrue();
        }
    }

    @Test
    void theSettingIsACronOrNothing() {
        assertThat(RetentionSettings.of(Optional.empty()).enabled()).isFalse();
        assertThat(RetentionSettings.of(Optional.of("  ")).enabled()).isFalse();
        assertThat(RetentionSettings.of(Optional.of("0 45 3 * * ?"))).isEqualTo(new RetentionSettings(true,
                "0 45 3 * * ?"));
        assertThatThrownBy(() -> RetentionSettings.of(Optional.of("every night")))
                .hasMessageContaining("STUDIO_BRAIN_RETENTION_CRON").hasMessageContaining("stays off");
    }
}
