package studio.brain.ledger;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The retention step behind {@code ledger purge} and the scheduled {@code ledger-retention} route: purges events
 * older than the window up to the newest signed checkpoint, and records what it did (or why it did nothing) in the
 * ledger itself.
 */
public final class LedgerRetention {
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final String tenantId;
    private final Duration window;

    public LedgerRetention(Supplier<DataSource> dataSource, Clock clock, String tenantId, Duration window) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.tenantId = tenantId;
        this.window = window;
    }

    /** For the scheduled route: everything older than the configured window. */
    public Map<String, Object> purge() throws SQLException {
        return purgeBefore(clock.instant().minus(window), "ledger-retention");
    }

    public Map<String, Object> purgeBefore(Instant before, String actor) throws SQLException {
        Optional<LedgerPurge.Purged> purged = LedgerPurge.purgeBefore(dataSource.get(), before);
        AuditRecord.Builder record = AuditRecord.of(tenantId, ActorType.SYSTEM, actor,
                purged.isPresent() ? "ledger.purged" : "ledger.purge_skipped")
                .meta("before", ChainHash.formatTime(before));
        purged.ifPresentOrElse(p -> record.meta("throughSeq", p.throughSeq()).meta("removed", p.removed())
                        .meta("anchorHash", p.anchorHash()),
                () -> record.meta("reason", "NO_CHECKPOINT_BEFORE_CUTOFF"));
        try (var c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            LedgerStore.append(c, java.util.List.of(record.build()), clock.instant());
            c.commit();
        }
        return purged.<Map<String, Object>>map(p -> Map.of("purged", true, "throughSeq", p.throughSeq(),
                        "removed", p.removed()))
                .orElse(Map.of("purged", false, "reason", "NO_CHECKPOINT_BEFORE_CUTOFF"));
    }
}
