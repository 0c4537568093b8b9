package studio.brain.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Header;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.observability.EventLog;

/**
 * Computes the day's StudioState: reads every metric (in parallel, each with its time limit), builds the snapshot,
 * and — in one transaction — stores it (replacing the day's earlier one), the diff from the snapshot before it, the
 * drift findings, and their ledger events. The ledger event carries the whole snapshot (counts only, no personal
 * data), so the local tables can be rebuilt from the ledger alone.
 */
public final class StudioStateService {
    private static final EventLog LOG = EventLog.of("state");

    /** Reads every metric at the given moment. */
    @FunctionalInterface
    public interface MetricsRead {
        List<MetricReading> readAll(Instant now);
    }

    /** Drift of a new snapshot against the cloud's summary and against the snapshot before it. */
    @FunctionalInterface
    public interface DriftCheck {
        DriftReport check(LocalDate date, Map<String, Object> snapshot, Map<String, Object> previous);
    }

    /**
     * The findings, and what the cloud summary reference was: its path and whether it existed ("no reference" is
     * not drift, but staff should know the check could not be made).
     */
    public record DriftReport(List<DriftFinding> findings, String summaryPath, boolean summaryFound) {

        public DriftReport {
            findings = List.copyOf(findings);
        }

        public String summaryNote() {
            return summaryFound ? "compared with " + summaryPath : "no reference: " + summaryPath + " does not exist";
        }
    }

    /** What a compute did, for the route that asked and for the API. */
    public record Computed(LocalDate date, String hash, String completeness, int changedCount, int driftCount,
                           boolean replacedSameDay, String cloudSummary) {

        public Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("snapshotDate", date.toString());
            map.put("snapshotHash", hash);
            map.put("completeness", completeness);
            map.put("changedCount", changedCount);
            map.put("driftCount", driftCount);
            map.put("recomputed", replacedSameDay);
            map.put("cloudSummary", cloudSummary);
            return map;
        }
    }

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final String tenantId;
    private final MetricsRead metrics;
    private final DriftCheck drift;
    private final boolean sampleData;
    private final Duration staleAfter;
    private final Set<String> paymentMetrics;

    public StudioStateService(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, String tenantId,
                              MetricsRead metrics, Set<String> paymentMetrics, DriftCheck drift, boolean sampleData,
                              Duration staleAfter) {
        this.paymentMetrics = Set.copyOf(paymentMetrics);
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.tenantId = tenantId;
        this.metrics = metrics;
        this.drift = drift;
        this.sampleData = sampleData;
        this.staleAfter = staleAfter;
    }

    /** The day is UTC's: one snapshot per tenant per UTC date. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public boolean sampleData() {
        return sampleData;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /** Computes and stores today's snapshot; {@code reason} (scheduled, on demand, start-up) goes with the diff. */
    public Computed compute(String reason, ActorType actorType, String actorId, String requestId) throws SQLException {
        Instant now = clock.instant();
        LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<MetricReading> readings = metrics.readAll(now);
        Map<String, Object> snapshot = StudioSnapshot.build(date, now, readings, sampleData, paymentMetrics);
        String hash = StudioSnapshot.hash(snapshot);
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                Computed computed = store(c, date, now, readings, snapshot, hash, reason, actorType, actorId, requestId);
                c.commit();
                LOG.info("studio_state.computed", "date", date.toString(), "completeness", computed.completeness(),
                        "changed", computed.changedCount(), "drift", computed.driftCount());
                return computed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            ledger.append(AuditRecord.of(tenantId, actorType, actorId, "studio_state.read_failed")
                    .requestId(requestId).meta("date", date.toString()).meta("errorClass", e.getClass().getName())
                    .build());
            throw e;
        }
    }

    /** How fresh the latest snapshot is, for {@code /readyz} and the metrics: fresh, stale or none. */
    public Map<String, Object> freshness() {
        Map<String, Object> answer = new LinkedHashMap<>();
        try (Connection c = dataSource.get().getConnection()) {
            // Asked on every /readyz and metrics scrape: the date and time only, never the snapshot itself.
            Optional<StudioStateStore.Stamp> latest = StudioStateStore.latestStamp(c, tenantId);
            if (latest.isEmpty()) {
                answer.put("status", "none");
                return answer;
            }
            Duration age = Duration.between(latest.get().generatedAt(), clock.instant());
            answer.put("status", age.compareTo(staleAfter) > 0 ? "stale" : "fresh");
            answer.put("snapshotDate", latest.get().date().toString());
            answer.put("ageSeconds", age.toSeconds());
            answer.put("staleAfterSeconds", staleAfter.toSeconds());
            answer.put("sampleData", sampleData);
            return answer;
        } catch (SQLException e) {
            throw new IllegalStateException("the latest StudioState could not be read", e);
        }
    }

    /**
     * For the studio-state route: computes now, for the reason and the person (or the schedule) the headers name,
     * and answers what was done.
     */
    public Map<String, Object> computeFor(@Header("studioStateReason") String reason,
                                          @Header("studioStateActor") String staffId,
                                          @Header("studioStateRequestId") String requestId) throws SQLException {
        boolean byStaff = staffId != null && !staffId.isBlank();
        return compute(reason == null ? "scheduled" : reason, byStaff ? ActorType.STAFF : ActorType.SYSTEM,
                byStaff ? staffId : "studio-state", requestId).toMap();
    }

    /** Computes today's snapshot only if there is none yet, so a fresh hub shows its studio within a minute. */
    public Optional<Computed> computeIfMissing(String reason) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            if (StudioStateStore.latestStamp(c, tenantId).filter(s -> s.date().equals(today())).isPresent()) {
                return Optional.empty();
            }
        }
        return Optional.of(compute(reason, ActorType.SYSTEM, "studio-state", null));
    }

    private Computed store(Connection c, LocalDate date, Instant now, List<MetricReading> readings,
                           Map<String, Object> snapshot, String hash, String reason, ActorType actorType,
                           String actorId, String requestId) throws SQLException {
        Optional<StudioStateStore.Stored> previous = StudioStateStore.latest(c, tenantId);
        boolean sameDay = previous.map(p -> p.date().equals(date)).orElse(false);
        Map<String, Object> before = previous.map(StudioStateStore.Stored::snapshot).orElse(null);
        List<Map<String, Object>> changes = SnapshotDiff.between(before, snapshot);
        StudioStateStore.save(c, tenantId, date, snapshot, hash, now,
                sameDay ? "recomputed (" + reason + ") at " + now : null);
        StudioStateStore.saveDiff(c, tenantId, date, previous.map(StudioStateStore.Stored::date).orElse(null), now,
                changes, reason);
        DriftReport report = drift.check(date, snapshot, before);
        List<DriftFinding> findings = report.findings();
        for (DriftFinding finding : findings) {
            StudioStateStore.saveDrift(c, tenantId, date, now, finding);
        }

        List<AuditRecord> events = new ArrayList<>();
        Map<String, Object> cloudSync = cast(snapshot.get("cloudSync"));
        events.add(AuditRecord.of(tenantId, actorType, actorId, "studio_state.computed")
                .requestId(requestId).outputHash(hash).correlationId(date.toString())
                .meta("date", date.toString()).meta("reason", reason)
                .meta("firestoreReadAt", cloudSync.get("firestoreReadAt"))
                .meta("stripeReadAt", cloudSync.get("stripeReadAt"))
                .meta("changedFields", changes.size()).meta("completeness", snapshot.get("completeness"))
                .meta("sampleData", sampleData).meta("cloudSummary", report.summaryNote()).meta("snapshot", snapshot)
                .build());
        for (MetricReading reading : readings) {
            if (!reading.complete()) {
                events.add(AuditRecord.of(tenantId, actorType, actorId, "studio_state.read_failed")
                        .requestId(requestId).correlationId(date.toString())
                        .meta("metric", reading.key()).meta("source", reading.source())
                        .meta("warnings", reading.warnings()).build());
            }
        }
        for (DriftFinding finding : findings) {
            events.add(AuditRecord.of(tenantId, actorType, actorId, "studio_state.drift_detected")
                    .requestId(requestId).correlationId(date.toString())
                    .meta("kind", finding.kind()).meta("metric", finding.metric())
                    .meta("expected", finding.expected()).meta("observed", finding.observed())
                    .meta("delta", finding.delta()).meta("confidence", finding.confidence())
                    .meta("detail", finding.detail())
                    .build());
        }
        ledger.append(c, events);
        return new Computed(date, hash, String.valueOf(snapshot.get("completeness")), changes.size(), findings.size(),
                sameDay, report.summaryNote());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
