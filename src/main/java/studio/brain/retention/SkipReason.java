package studio.brain.retention;

/** Why a data class (or a whole run) was not purged, as recorded in {@code retention.skipped} events. */
public enum SkipReason {
    /** Active legal holds kept these rows (or the whole class). */
    LEGAL_HOLD,
    /** The purge is switched off (STUDIO_BRAIN_RETENTION_CRON empty), or for the ledger STUDIO_BRAIN_LEDGER_PURGE_ENABLED. */
    DISABLED,
    /** Nothing of the class is older than its window. */
    NOT_EXPIRED,
    /** The policy says keep. */
    KEPT_BY_POLICY,
    /** Ledger events are old enough but no signed checkpoint lies before the cut-off to anchor the rest. */
    NO_CHECKPOINT_BEFORE_CUTOFF,
    /** The policy file was refused; nothing was purged. */
    POLICY_REFUSED
}
