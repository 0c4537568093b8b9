package studio.brain.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import studio.brain.hash.ContentHash;
import studio.brain.ledger.LedgerEvent;

/**
 * Rebuilds the derived StudioState tables from the ledger: every {@code studio_state.computed} event carries its
 * whole snapshot and the snapshot's hash, every {@code studio_state.drift_detected} event its finding. Replayed in
 * order into empty tables they give back the same days, the same diffs and the same drift; the proof is that every
 * rebuilt day hashes to the hash its ledger event recorded.
 */
public final class StateRebuild {
    static final String COMPUTED = "studio_state.computed";
    static final String DRIFT = "studio_state.drift_detected";

    /** A day whose rebuilt snapshot does not hash to what the ledger recorded. */
    public record Mismatch(LocalDate date, String recorded, String rebuilt) {
    }

    /** What the replay wrote and what it proved. */
    public record Result(int snapshotsReplayed, int days, int diffs, int driftFindings, String recordedStateHash,
                         String rebuiltStateHash, List<Mismatch> mismatches) {

        public boolean proven() {
            return mismatches.isEmpty() && Objects.equals(recordedStateHash, rebuiltStateHash);
        }
    }

    private final Connection connection;
    private final String tenantId;
    private final Consumer<String> progress;
    private final Map<LocalDate, String> recorded = new LinkedHashMap<>();
    private Map<String, Object> previous;
    private LocalDate previousDate;
    private int snapshots;
    private int diffs;
    private int drift;
    private SQLException failure;

    public StateRebuild(Connection connection, String tenantId, Consumer<String> progress) {
        this.connection = connection;
        this.tenantId = tenantId;
        this.progress = progress;
    }

    /** True when the StudioState tables hold nothing for this tenant: rebuild writes only into empty ones. */
    public static boolean empty(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select (select count(*) from studio_state_daily where tenant_id = ?)"
                + " + (select count(*) from studio_state_diff where tenant_id = ?)"
                + " + (select count(*) from studio_state_drift where tenant_id = ?)")) {
            ps.setString(1, tenantId);
            ps.setString(2, tenantId);
            ps.setString(3, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    /** Takes the ledger's events one by one, in order; the StudioState events of this tenant are replayed. */
    public void accept(LedgerEvent event) {
        if (failure != null || !tenantId.equals(event.record().tenantId())) {
            return;
        }
        try {
            switch (event.record().action()) {
                case COMPUTED -> replaySnapshot(event);
                case DRIFT -> replayDrift(event);
                default -> {
                    // not StudioState's
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    /** After the last event: reads the rebuilt days back and compares each with the hash its event recorded. */
    public Result finish() throws SQLException {
        if (failure != null) {
            throw failure;
        }
        List<Mismatch> mismatches = new ArrayList<>();
        Map<LocalDate, String> rebuilt = new LinkedHashMap<>();
        for (LocalDate date : recorded.keySet()) {
            String hash = StudioStateStore.byDate(connection, tenantId, date)
                    .map(s -> StudioSnapshot.hash(s.snapshot())).orElse(null);
            rebuilt.put(date, hash);
            if (!Objects.equals(hash, recorded.get(date))) {
                mismatches.add(new Mismatch(date, recorded.get(date), hash));
            }
        }
        return new Result(snapshots, recorded.size(), diffs, drift, stateHash(recorded), stateHash(rebuilt),
                mismatches);
    }

    @SuppressWarnings("unchecked")
    private void replaySnapshot(LedgerEvent event) throws SQLException {
        Map<String, Object> meta = event.record().metadata();
        if (!(meta.get("snapshot") instanceof Map<?, ?> stored)) {
            progress.accept("event " + event.seq() + " carries no snapshot; skipped");
            return;
        }
        Map<String, Object> snapshot = (Map<String, Object>) stored;
        LocalDate date = LocalDate.parse(String.valueOf(snapshot.get("snapshotDate")));
        Instant generatedAt = Instant.parse(String.valueOf(snapshot.get("generatedAt")));
        String reason = meta.get("reason") == null ? null : meta.get("reason").toString();
        boolean sameDay = date.equals(previousDate);
        StudioStateStore.save(connection, tenantId, date, snapshot, StudioSnapshot.hash(snapshot), generatedAt,
                sameDay ? "recomputed (" + reason + ") at " + generatedAt : null);
        StudioStateStore.saveDiff(connection, tenantId, date, previousDate, generatedAt,
                SnapshotDiff.between(previous, snapshot), reason);
        recorded.put(date, event.record().outputHash());
        previous = snapshot;
        previousDate = date;
        snapshots++;
        diffs++;
        if (snapshots % 100 == 0) {
            progress.accept(snapshots + " snapshots replayed (up to ledger event " + event.seq() + ")");
        }
    }

    private void replayDrift(LedgerEvent event) throws SQLException {
        Map<String, Object> meta = event.record().metadata();
        LocalDate date = LocalDate.parse(event.record().correlationId());
        StudioStateStore.saveDrift(connection, tenantId, date, event.at(), new DriftFinding(
                String.valueOf(meta.get("kind")), String.valueOf(meta.get("metric")), number(meta.get("expected")),
                number(meta.get("observed")), number(meta.get("delta")), String.valueOf(meta.get("confidence")),
                meta.get("detail") == null ? null : meta.get("detail").toString()));
        drift++;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** One hash over every day and its snapshot hash, in date order: equal before and after means equal state. */
    private static String stateHash(Map<LocalDate, String> days) {
        Map<String, Object> byDate = new java.util.TreeMap<>();
        days.forEach((date, hash) -> byDate.put(date.toString(), hash));
        return ContentHash.of(byDate);
    }
}
