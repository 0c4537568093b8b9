package studio.brain.devices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;

/**
 * What the ledger keeps of the connectors' frequent polls: not one event per poll, but
 * <ul>
 *   <li>{@code connector.state_changed} whenever a connector's state changes — its availability, its error kind, or
 *       a device going online/offline, stale, or gaining or losing an alert — with the call's request id, input hash
 *       and output hash (the normalized devices);</li>
 *   <li>{@code connector.summary} at most once per interval per connector while it is called: calls and failures
 *       since the previous summary and the latest hashes.</li>
 * </ul>
 * Readings that move without changing the state (a temperature drifting within range) are in the summaries'
 * output hashes, not in events of their own. Only hashes, counts and codes are recorded, never a credential.
 */
public final class ConnectorAudit {
    private final Consumer<AuditRecord> ledger;
    private final String tenantId;
    private final Clock clock;
    private final Duration summaryEvery;
    private final Map<String, String> lastState = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSummary = new ConcurrentHashMap<>();

    public ConnectorAudit(Consumer<AuditRecord> ledger, String tenantId, Clock clock, Duration summaryEvery) {
        this.ledger = ledger;
        this.tenantId = tenantId;
        this.clock = clock;
        this.summaryEvery = summaryEvery;
    }

    void afterCall(String connector, ConnectorHealth health, ConnectorBoard board) {
        changed(connector, health, board);
        Instant now = clock.instant();
        Instant previous = lastSummary.putIfAbsent(connector, now);
        if (previous != null && Duration.between(previous, now).compareTo(summaryEvery) >= 0) {
            lastSummary.put(connector, now);
            AuditRecord.Builder summary = record(connector, "connector.summary", health)
                    .meta("intervalSeconds", Duration.between(previous, now).toSeconds());
            board.takeCounts(connector).forEach(summary::meta);
            ledger.accept(summary.build());
        }
    }

    void deviceChanged(String connector, ConnectorBoard board) {
        board.latestHealth(connector).ifPresent(health -> changed(connector, health, board));
    }

    private void changed(String connector, ConnectorHealth health, ConnectorBoard board) {
        Availability availability = board.availability(connector);
        List<Object> devices = new ArrayList<>();
        int alerts = 0;
        for (DeviceState d : board.devices(connector)) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("id", d.id());
            key.put("online", d.online());
            key.put("stale", d.stale());
            key.put("alerts", d.alerts().stream().map(DeviceAlert::code).sorted().toList());
            alerts += d.alerts().size();
            devices.add(key);
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("availability", availability.wireName());
        state.put("error", health.error() == null ? null : health.error().name());
        state.put("devices", devices);
        String hash = ContentHash.of(state);
        String before = lastState.put(connector, hash);
        if (hash.equals(before)) {
            return;
        }
        ledger.accept(record(connector, "connector.state_changed", health)
                .meta("availability", availability.wireName())
                .meta("errorKind", health.error() == null ? "none" : health.error().name())
                .meta("devices", devices.size())
                .meta("alerts", alerts)
                .meta("stateHash", hash)
                .build());
    }

    private AuditRecord.Builder record(String connector, String action, ConnectorHealth health) {
        return AuditRecord.of(tenantId, ActorType.SYSTEM, "connector:" + connector, action)
                .target("connector:" + connector)
                .requestId(health.requestId())
                .inputHash(health.inputHash())
                .outputHash(health.outputHash())
                .meta("connector", connector)
                .meta("connectorVersion", health.connectorVersion() == null ? "unknown" : health.connectorVersion());
    }

    void writeRefused(String connector, String version, String requestId, boolean dryRun) {
        ledger.accept(AuditRecord.of(tenantId, ActorType.SYSTEM, "connector:" + connector, "connector.write_refused")
                .target("connector:" + connector)
                .requestId(requestId)
                .meta("connector", connector)
                .meta("connectorVersion", version)
                .meta("reasonCode", ErrorKind.READ_ONLY_VIOLATION.name())
                .meta("dryRun", dryRun)
                .build());
    }
}
