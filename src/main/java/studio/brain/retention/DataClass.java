package studio.brain.retention;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The classes of local data the retention policy covers. Each names the store it lives in, which rows of it are ever
 * due (an open proposal, a pending outbox message, an intake item still in review never are), the time a row's age
 * is counted from, and the legal-hold scope that can name one row of it. The SQL is here, not in the policy file:
 * the file chooses windows and actions, never tables.
 */
public enum DataClass {
    STUDIO_STATE_SNAPSHOTS("studio_state.snapshots", "studio_state_daily", "generated_at", "snapshot_date",
            // The newest day stays whatever its age: freshness and the next diff read it.
            "t.snapshot_date < (select max(m.snapshot_date) from studio_state_daily m where m.tenant_id = t.tenant_id)",
            null, Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    STUDIO_STATE_DIFFS("studio_state.diffs", "studio_state_diff", "created_at", "id", "true", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    STUDIO_STATE_DRIFT("studio_state.drift", "studio_state_drift", "detected_at", "id", "true", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    LEDGER_EVENTS("ledger.events", "audit_events", "at", "seq", "true", null,
            Set.of(RetentionAction.LEDGER, RetentionAction.KEEP)),
    PROPOSALS("proposals", "proposals", "updated_at", "id",
            "t.status in ('rejected', 'expired', 'executed', 'failed', 'rolled_back') "
                    + "and t.capability_id <> all(?::text[])",
            "proposal", Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    DRAFTS("drafts", "proposals", "updated_at", "id",
            // For a draft-only capability "approved" means accepted: the draft's life is over.
            "t.status in ('approved', 'rejected', 'expired', 'executed', 'failed', 'rolled_back') "
                    + "and t.capability_id = any(?::text[])",
            "proposal", Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    INTAKE_SUMMARIES("intake.summaries", "intake_items", "received_at", "id",
            "t.status <> 'in_review' and t.summary <> ''", "intake_item",
            Set.of(RetentionAction.REDACT, RetentionAction.DELETE, RetentionAction.KEEP)),
    TRIAGE_FEEDBACK("triage.feedback", "triage_feedback", "at", "id", "true", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    OUTBOX_DELIVERED("outbox.delivered", "outbox", "delivered_at", "id", "t.status = 'delivered'", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    IDEMPOTENCY_EXPIRED("idempotency.expired", "idempotency_keys", "expires_at", "key", "true", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    DELEGATION_DENIALS("delegation.denials", "delegation_denials", "at", "id", "true", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    ASSIST_SCAN_STATE("assist.scan_state", "assist_scan_state", "updated_at", "scan", "true", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP)),
    JOB_RUNS("job_runs", "job_runs", "finished_at", "id", "t.status <> 'running'", null,
            Set.of(RetentionAction.DELETE, RetentionAction.KEEP));

    private final String id;
    private final String table;
    private final String timeColumn;
    private final String keyColumn;
    private final String due;
    private final String holdScope;
    private final Set<RetentionAction> actions;

    DataClass(String id, String table, String timeColumn, String keyColumn, String due, String holdScope,
              Set<RetentionAction> actions) {
        this.id = id;
        this.table = table;
        this.timeColumn = timeColumn;
        this.keyColumn = keyColumn;
        this.due = due;
        this.holdScope = holdScope;
        this.actions = actions;
    }

    /** The name used in {@code retention.yaml}, the ledger events and legal holds. */
    public String id() {
        return id;
    }

    String table() {
        return table;
    }

    String timeColumn() {
        return timeColumn;
    }

    String keyColumn() {
        return keyColumn;
    }

    /** The SQL condition (on alias {@code t}) a row must meet to be due at all, whatever its age. */
    String due() {
        return due;
    }

    /** Whether {@link #due()} takes the drafts' capability list as its one parameter. */
    boolean dueTakesCapabilities() {
        return due.contains("?");
    }

    /** The legal-hold scope that names one row of this class, if there is one. */
    Optional<String> holdScope() {
        return Optional.ofNullable(holdScope);
    }

    /** idempotency_keys is shared by scope and key, not by studio. */
    boolean tenantScoped() {
        return this != IDEMPOTENCY_EXPIRED;
    }

    public Set<RetentionAction> actions() {
        return actions;
    }

    public static Optional<DataClass> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}
