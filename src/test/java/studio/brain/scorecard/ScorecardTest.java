package studio.brain.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.RegistryCatalog;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.outbox.Outbox;

/**
 * The scheduled run: one breach event when an indicator crosses into warning or critical, one recovery when it comes
 * back, nothing on the runs in between or for an unknown value; and the breach alert proposed through the gate.
 */
class ScorecardTest {
    @TempDir
    Path dir;
    private ScorecardFixture f;
    private final List<List<String>> alerts = new ArrayList<>();

    @BeforeEach
    void open() {
        f = new ScorecardFixture(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Scorecard scorecard() throws Exception {
        return f.scorecard((breaches, at) -> {
            alerts.add(breaches.stream().map(b -> b.result().indicator().key() + " " + b.result().status().wireName())
                    .toList());
            return "recorded";
        });
    }

    @Test
    void aCrossingIsRecordedOnceAndItsRecoveryOnce() throws Exception {
        Scorecard scorecard = scorecard();
        f.snapshot(f.clock.instant().minus(Duration.ofHours(30)));

        Map<String, Object> first = scorecard.run();
        assertThat(f.crossings()).containsExactly("scorecard.breach snapshot_freshness warning ok");
        assertThat(first.get("breaches")).isEqualTo(List.of("snapshot_freshness"));
        assertThat(alerts).containsExactly(List.of("snapshot_freshness warning"));
        // Unknown indicators (no decisions, no heartbeat runs, no connector board) record nothing.
        assertThat(((Map<?, ?>) first.get("statuses")).get("connector_health")).isEqualTo("unknown");

        f.clock.advance(Duration.ofMinutes(5));
        scorecard.run();
        f.clock.advance(Duration.ofMinutes(5));
        scorecard.run();
        assertThat(f.crossings()).hasSize(1);
        assertThat(alerts).hasSize(1);

        f.snapshot(f.clock.instant().minus(Duration.ofMinutes(1)));
        Map<String, Object> recovered = scorecard.run();
        assertThat(f.crossings()).containsExactly("scorecard.breach snapshot_freshness warning ok",
                "scorecard.recovered snapshot_freshness ok warning");
        assertThat(recovered.get("recovered")).isEqualTo(List.of("snapshot_freshness"));
        assertThat(alerts).hasSize(1);
        scorecard.run();
        assertThat(f.crossings()).hasSize(2);
        assertThat(scorecard.latest()).isPresent();
        assertThat(scorecard.history()).hasSize(5);
    }

    @Test
    void aWorseningIsABreachAndTheLedgerRemembersAcrossRestarts() throws Exception {
        f.snapshot(f.clock.instant().minus(Duration.ofHours(30)));
        scorecard().run();
        f.clock.advance(Duration.ofHours(20));
        // A new scorecard (the hub restarted) knows from the ledger that the indicator was already in warning.
        Scorecard restarted = scorecard();
        restarted.run();
        assertThat(f.crossings()).containsExactly("scorecard.breach snapshot_freshness warning ok",
                "scorecard.breach snapshot_freshness critical warning");
        assertThat(alerts).containsExactly(List.of("snapshot_freshness warning"), List.of("snapshot_freshness critical"));

        // When it can no longer be measured, nothing is recorded; once measured again and fine, it recovers.
        f.sql("delete from studio_state_daily");
        restarted.run();
        assertThat(f.crossings()).hasSize(2);
        f.snapshot(f.clock.instant());
        restarted.run();
        assertThat(f.crossings()).last().isEqualTo("scorecard.recovered snapshot_freshness ok critical");
    }

    @Test
    void theApiSeesTheLatestRunOrAComputationThatRecordsNothing() throws Exception {
        Scorecard scorecard = scorecard();
        f.snapshot(f.clock.instant().minus(Duration.ofHours(50)));
        ScorecardReport before = scorecard.current();
        assertThat(before.indicators()).hasSize(Indicator.values().length);
        assertThat(before.indicators().get(0).status()).isEqualTo(Status.CRITICAL);
        assertThat(f.crossings()).isEmpty();
        scorecard.run();
        f.clock.advance(Duration.ofMinutes(3));
        assertThat(scorecard.current().computedAt()).isEqualTo(f.clock.instant().minus(Duration.ofMinutes(3)));
        Map<String, Object> json = scorecard.current().toJson();
        assertThat(json).containsOnlyKeys("computedAt", "indicators");
        @SuppressWarnings("unchecked")
        Map<String, Object> freshness = ((List<Map<String, Object>>) json.get("indicators")).get(0);
        assertThat(freshness).containsOnlyKeys("key", "title", "value", "unit", "status", "warning", "critical",
                "owner", "note");
        assertThat(freshness).containsEntry("key", "snapshot_freshness").containsEntry("value", 50.0)
                .containsEntry("unit", "hours").containsEntry("status", "critical").containsEntry("warning", 26.0)
                .containsEntry("critical", 48.0).containsEntry("owner", "studio manager");
    }

    @Test
    void aBreachAlertIsANotifyWebhookProposalThroughTheGate() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies/schema"));
        Files.copy(Path.of("policies/schema/capabilities.schema.json"), policies.resolve("capabilities.schema.json"));
        String registry = Files.readString(Path.of("policies/capabilities.yaml"));
        Path enabled = dir.resolve("policies/capabilities.yaml");
        int at = registry.indexOf("- id: notify.webhook");
        int flag = registry.indexOf("enabled: false", at);
        Files.writeString(enabled, registry.substring(0, flag) + "enabled: true" + registry.substring(flag + 14));

        Instant now = f.clock.instant();
        Crossing breach = new Crossing(IndicatorResult.of(ScorecardFixture.repoPolicy().of(Indicator.SNAPSHOT_FRESHNESS),
                Reading.of(30, "latest snapshot of 2026-11-27")), Status.OK);
        assertThat(WebhookAlerts.message(List.of(breach), now)).isEqualTo("Studio Brain scorecard "
                + "2026-11-28T12:00:00Z: Snapshot freshness warning (30 hours; owner studio manager)");

        try (ProposalGate disabled = gate(Path.of("policies/capabilities.yaml"))) {
            assertThat(new WebhookAlerts(disabled, ScorecardFixture.TENANT, "staff-alerts").raise(List.of(breach), now))
                    .isEqualTo("denied by the gate: CAPABILITY_DISABLED");
        }
        try (ProposalGate gate = gate(enabled)) {
            String outcome = new WebhookAlerts(gate, ScorecardFixture.TENANT, "staff-alerts").raise(List.of(breach), now);
            assertThat(outcome).startsWith("proposed ").endsWith("(pending_approval)");
        }
        try (var c = f.db.owner.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select capability_id, status, target, input->>'channel', requested_by->>'id' "
                     + "from proposals")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("notify.webhook");
            assertThat(rs.getString(2)).isEqualTo("pending_approval");
            assertThat(rs.getString(3)).isEqualTo("staff-alerts");
            assertThat(rs.getString(4)).isEqualTo("staff-alerts");
            assertThat(rs.next()).isFalse();
        }
    }

    private ProposalGate gate(Path registry) {
        return new ProposalGate(() -> f.db.hub, f.clock, f.ledger, new Outbox(f.clock),
                new RegistryCatalog(new ReloadableCapabilities(registry)), ScorecardFixture.TENANT, true,
                f.ledger.signingKey());
    }
}
