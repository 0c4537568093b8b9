package studio.brain.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.devices.hubitat.HubitatPushWatch;
import studio.brain.ledger.AuditRecord;
import studio.brain.testing.MutableClock;

/** Availability rules, metrics and the audit policy of the connector board, on a clock the test moves. */
class ConnectorBoardTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final List<AuditRecord> ledger = new ArrayList<>();
    private final List<String> changes = new ArrayList<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConnectorAudit audit = new ConnectorAudit(ledger::add, "studio-1", clock, Duration.ofMinutes(10));
    private final ConnectorBoard board = new ConnectorBoard(clock, new ConnectorMetrics(meters), audit);

    ConnectorBoardTest() {
        board.addListener((name, availability, reason) -> changes.add(name + "=" + availability.wireName()));
        board.declare(new ConnectorDescriptor("sensor", "Sensor", "1.0", null, true, Duration.ofMinutes(5),
                Duration.ofMinutes(2), List.of(), List.of()));
        board.declare(new ConnectorDescriptor("vacuum", "Vacuum", "1.0", null, false, Duration.ofMinutes(5),
                Duration.ofMinutes(2), List.of(), List.of("STUDIO_BRAIN_X")));
    }

    private static DeviceState device(boolean online, Instant seen) {
        return new DeviceState("sensor", "1", "Kiln probe", DeviceKind.SENSOR, online, 50, seen, false,
                Map.of("temperature", 20.0), online ? List.of()
                        : List.of(new DeviceAlert("DEVICE_OFFLINE", AlertSeverity.CRITICAL, "offline")));
    }

    private ConnectorFailure failure() {
        return new ConnectorFailure("sensor", ErrorKind.TIMEOUT, "no answer in time");
    }

    @Test
    void healthyAfterSuccessDegradedAfterFailureDownAfterNoSuccessForTheConfiguredTime() {
        board.recordSuccess("sensor", "r1", 12, "in", "out", List.of(device(true, clock.instant())));
        assertThat(board.availability("sensor")).isEqualTo(Availability.HEALTHY);
        board.recordFailure("sensor", "r2", 40, "in", failure());
        assertThat(board.availability("sensor")).isEqualTo(Availability.DEGRADED);
        clock.advance(Duration.ofMinutes(6));
        board.evaluate();
        assertThat(board.availability("sensor")).isEqualTo(Availability.DOWN);
        assertThat(board.devices("sensor").get(0).stale()).isTrue();
        board.recordSuccess("sensor", "r3", 12, "in", "out", List.of(device(true, clock.instant())));
        assertThat(board.availability("sensor")).isEqualTo(Availability.HEALTHY);
        assertThat(changes).containsExactly("sensor=healthy", "sensor=degraded", "sensor=down", "sensor=healthy");
        assertThat(board.view("vacuum")).containsEntry("state", "not configured").containsEntry("configured", false);
        assertThat(board.advisory()).containsEntry("status", "up");
    }

    @Test
    void theLedgerGetsOneEventPerChangeOfStateAndAnIntervalSummary() {
        for (int i = 0; i < 5; i++) {
            board.recordSuccess("sensor", "r" + i, 12, "in", "out" + i, List.of(device(true, clock.instant())));
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(actions()).containsExactly("connector.state_changed");
        board.recordSuccess("sensor", "r6", 12, "in", "out", List.of(device(false, clock.instant())));
        board.recordFailure("sensor", "r7", 12, "in", failure());
        board.recordFailure("sensor", "r8", 12, "in", failure());
        assertThat(actions()).containsExactly("connector.state_changed", "connector.state_changed",
                "connector.state_changed");
        clock.advance(Duration.ofMinutes(10));
        board.recordFailure("sensor", "r9", 12, "in", failure());
        assertThat(actions()).last().isEqualTo("connector.summary");
        AuditRecord summary = ledger.get(ledger.size() - 1);
        assertThat(summary.metadata()).containsEntry("calls", 9L).containsEntry("failures", 3L);
        AuditRecord changed = ledger.get(2);
        assertThat(changed.requestId()).isEqualTo("r7");
        assertThat(changed.inputHash()).isEqualTo("in");
        assertThat(changed.metadata()).containsEntry("errorKind", "TIMEOUT").containsEntry("connectorVersion", "1.0");
    }

    @Test
    void metricsShowAvailabilityLatencyBucketsAndErrorsByKind() {
        board.recordSuccess("sensor", "r1", 120, "in", "out", List.of());
        board.recordFailure("sensor", "r2", 40, "in", failure());
        String scrape = meters.scrape();
        assertThat(scrape).contains("studio_brain_connector_availability{connector=\"sensor\"} 1.0")
                .contains("studio_brain_connector_availability{connector=\"vacuum\"} -1.0")
                .contains("studio_brain_connector_call_seconds_bucket{connector=\"sensor\",outcome=\"ok\",le=\"0.25\"} 1")
                .contains("studio_brain_connector_errors_total{connector=\"sensor\",kind=\"TIMEOUT\"} 1.0");
    }

    @Test
    void aWriteOnAReadOnlyConnectorIsRefusedAndRecorded() {
        ConnectorCalls calls = new ConnectorCalls(board, new ErrorClassifier(clock), audit, clock);
        assertThatThrownBy(() -> calls.execute("sensor", Intent.WRITE, true, "w1"))
                .isInstanceOfSatisfying(ConnectorFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(ErrorKind.READ_ONLY_VIOLATION);
                    assertThat(f.retryable()).isFalse();
                });
        assertThat(actions()).containsExactly("connector.write_refused");
        assertThat(calls.execute("sensor", Intent.READ, false, "r1")).containsKey("devices");
    }

    @Test
    void pushGoesStaleAfterTheWindowAsksForAReconcileOnceAndRecoversWithAnEvent() {
        board.declare(new ConnectorDescriptor("hubitat", "Hubitat", "1.0", null, true, Duration.ofMinutes(5),
                Duration.ofMinutes(2), List.of(), List.of()));
        List<String> reconciles = new ArrayList<>();
        HubitatPushWatch watch = new HubitatPushWatch(board, clock, Duration.ofMinutes(30), true,
                () -> reconciles.add("poll"));
        assertThat(watch.check()).isFalse();
        clock.advance(Duration.ofMinutes(31));
        assertThat(watch.check()).isTrue();
        assertThat(watch.check()).as("asked once").isFalse();
        assertThat(board.view("hubitat")).containsEntry("pushStale", true);
        assertThat(reconciles).containsExactly("poll");
    }

    @Test
    void theRepositorysAlertPolicyLoadsAndABadOneIsRefusedWithEveryProblem(@TempDir Path dir) throws Exception {
        DeviceAlertPolicy policy = DeviceAlertPolicy.load(Path.of("policies/device-alerts.yaml"));
        assertThat(policy.inKilnRoom("99", "Kiln room sensor")).isTrue();
        assertThat(policy.inKilnRoom("99", "Glaze room")).isFalse();
        assertThat(policy.consumableAlerts("Robo", 5, 50, 10, null)).extracting(DeviceAlert::code)
                .containsExactly("FILTER_LOW", "SIDE_BRUSH_LOW");
        Path bad = dir.resolve("device-alerts.yaml");
        Files.writeString(bad, "version: x\nbatteryLowPct: 120\nkilnRoom: {labelPattern: '(', temperature: {min: 9, max: 3}}\n"
                + "vacuumConsumables: {filterLowPct: 1, mainBrushLowPct: 1, sideBrushLowPct: 1, sensorLowPct: 1, extra: 2}\n");
        assertThatThrownBy(() -> DeviceAlertPolicy.load(bad)).hasMessageContaining("batteryLowPct")
                .hasMessageContaining("labelPattern").hasMessageContaining("min must be below max")
                .hasMessageContaining("unknown field 'extra'").hasMessageContaining("kilnRoom.humidity");
    }

    private List<String> actions() {
        return ledger.stream().map(AuditRecord::action).toList();
    }
}
