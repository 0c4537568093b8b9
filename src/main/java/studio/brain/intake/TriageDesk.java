package studio.brain.intake;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.gate.Actor;
import studio.brain.hash.ContentHash;
import studio.brain.intake.triage.TriageAssistant;
import studio.brain.intake.triage.TriageFeedback;
import studio.brain.intake.triage.TriageStats;
import studio.brain.intake.triage.TriageSuggestion;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * Trust-and-safety triage for staff: a suggestion for a community report (severity, category, reason code,
 * confidence, the rules behind it) — a suggestion only: nothing here acts on a report — and staff feedback on it,
 * kept in {@code triage_feedback} and summed up as acceptance and mismatch rates per category. Both are audited
 * with hashes of the report's text, never the text.
 */
public final class TriageDesk {
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final TriageAssistant assistant;
    private final String tenantId;

    public TriageDesk(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, TriageAssistant assistant,
                      String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.assistant = assistant;
        this.tenantId = tenantId;
    }

    public TriageSuggestion suggest(Actor staff, String targetType, String title, String note, String requestId) {
        TriageSuggestion suggestion = assistant.suggest(targetType, title, note);
        ledger.append(AuditRecord.of(tenantId, staff.type(), staff.id(), "triage.suggested")
                .requestId(requestId).inputHash(ContentHash.of(java.util.Arrays.asList(targetType, title, note)))
                .meta("category", suggestion.category()).meta("severity", suggestion.severity())
                .meta("reasonCode", suggestion.reasonCode()).meta("confidence", suggestion.confidence())
                .meta("modelVersion", suggestion.modelVersion()).build());
        return suggestion;
    }

    public void feedback(Actor staff, String reportRef, TriageFeedback feedback, String suggestedSeverity,
                         String modelVersion, String requestId) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into triage_feedback (tenant_id, report_ref, "
                    + "suggested_category, suggested_severity, final_category, verdict, final_action, model_version, "
                    + "staff_id, at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, tenantId);
                ps.setString(2, reportRef);
                ps.setString(3, feedback.suggestedCategory());
                ps.setString(4, suggestedSeverity);
                ps.setString(5, feedback.finalCategory());
                ps.setString(6, feedback.verdict());
                ps.setString(7, feedback.finalAction());
                ps.setString(8, modelVersion);
                ps.setString(9, staff.id());
                ps.setTimestamp(10, Timestamp.from(clock.instant()));
                ps.executeUpdate();
                ledger.append(c, List.of(AuditRecord.of(tenantId, staff.type(), staff.id(), "triage.feedback")
                        .requestId(requestId).target(reportRef)
                        .meta("suggestedCategory", feedback.suggestedCategory())
                        .meta("finalCategory", feedback.finalCategory()).meta("verdict", feedback.verdict())
                        .meta("finalAction", feedback.finalAction()).meta("modelVersion", modelVersion).build()));
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public TriageStats.Summary stats() throws SQLException {
        List<TriageFeedback> all = new ArrayList<>();
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement ps = c.prepareStatement("select suggested_category, final_category, verdict, "
                     + "final_action from triage_feedback where tenant_id = ? order by id")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(new TriageFeedback(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return TriageStats.compute(all);
    }
}
