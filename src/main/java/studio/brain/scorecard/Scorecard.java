package studio.brain.scorecard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import studio.brain.ledger.Ledger;
import studio.brain.observability.EventLog;

/**
 * The KPI scorecard behind the {@code scorecard} route and {@code GET /api/scorecard}: measures every indicator of
 * the policy, records {@code scorecard.breach} and {@code scorecard.recovered} only when a status changes, raises an
 * alert on a breach, and keeps the latest report with a short history (the last {@value #HISTORY} runs) in memory.
 */
public final class Scorecard {
    static final int HISTORY = 12;
    private static final EventLog LOG = EventLog.of("scorecard");

    private final Measurements measurements;
    private final ScorecardPolicy policy;
    private final Crossings crossings;
    private final BreachAlerts alerts;
    private final Deque<ScorecardReport> history = new ArrayDeque<>();

    public Scorecard(Measurements measurements, Ledger ledger, String tenantId, ScorecardPolicy policy,
                     BreachAlerts alerts) {
        this.measurements = measurements;
        this.policy = policy;
        this.crossings = new Crossings(ledger, tenantId);
        this.alerts = alerts;
    }

    /** Computes every indicator now, without recording anything. */
    public ScorecardReport compute() throws SQLException {
        try (Connection c = measurements.connection()) {
            return compute(c, measurements.now());
        }
    }

    private ScorecardReport compute(Connection c, Instant now) throws SQLException {
        List<IndicatorResult> results = new ArrayList<>();
        for (Indicator indicator : Indicator.values()) {
            Threshold threshold = policy.of(indicator);
            Reading reading;
            try {
                reading = measurements.read(c, indicator, threshold.window(), now);
            } catch (SQLException e) {
                // One unreadable indicator is unknown; the others still count.
                LOG.warn("scorecard.indicator_unreadable", "indicator", indicator.key(), "sqlState", e.getSQLState());
                reading = Reading.unknown("could not be read from the database (" + e.getSQLState() + ")");
            }
            results.add(IndicatorResult.of(threshold, reading));
        }
        return new ScorecardReport(now, results);
    }

    /**
     * The scheduled run: computes, records the crossings since the last recorded statuses, raises one alert for the
     * breaches, keeps the report, and answers a summary for the route.
     */
    public Map<String, Object> run() throws SQLException {
        ScorecardReport report;
        List<Crossing> recorded;
        try (Connection c = measurements.connection()) {
            report = compute(c, measurements.now());
            recorded = crossings.record(c, report, policy);
        }
        keep(report);
        List<Crossing> breaches = recorded.stream().filter(Crossing::breach).toList();
        String alert = breaches.isEmpty() ? "none" : alerts.raise(breaches, report.computedAt());
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, String> statuses = new LinkedHashMap<>();
        report.indicators().forEach(r -> statuses.put(r.indicator().key(), r.status().wireName()));
        summary.put("statuses", statuses);
        summary.put("breaches", breaches.stream().map(b -> b.result().indicator().key()).toList());
        summary.put("recovered", recorded.stream().filter(x -> !x.breach()).map(x -> x.result().indicator().key())
                .toList());
        summary.put("alert", alert);
        LOG.info("scorecard.computed", "breaches", breaches.size(), "recovered", recorded.size() - breaches.size());
        return summary;
    }

    /** The latest scheduled report, if the route has run since the hub started. */
    public synchronized Optional<ScorecardReport> latest() {
        return Optional.ofNullable(history.peekLast());
    }

    /** The reports of the last runs, oldest first. */
    public synchronized List<ScorecardReport> history() {
        return List.copyOf(history);
    }

    /** What the API shows: the latest scheduled report, or one computed now (recording nothing) before the first run. */
    public ScorecardReport current() throws SQLException {
        Optional<ScorecardReport> latest = latest();
        return latest.isPresent() ? latest.get() : compute();
    }

    public ScorecardPolicy policy() {
        return policy;
    }

    private synchronized void keep(ScorecardReport report) {
        history.addLast(report);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }
}
