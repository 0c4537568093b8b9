package studio.brain.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.ChainHash;
import studio.brain.ledger.Ledger;

/**
 * The {@code legal_holds} table: placing and releasing a hold, each with its {@code retention.hold_placed} /
 * {@code retention.hold_released} ledger event in the same transaction. A hold is never deleted; a released hold no
 * longer keeps anything.
 */
public final class LegalHolds {
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final String tenantId;

    public LegalHolds(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.tenantId = tenantId;
    }

    public LegalHold place(LegalHold.Request request, String reason, String placedBy) throws SQLException {
        check(request, reason, placedBy);
        LegalHold hold = new LegalHold(UUID.randomUUID(), request.scope(), Optional.ofNullable(request.subject()),
                Optional.ofNullable(request.dataClass()), Optional.ofNullable(request.from()),
                Optional.ofNullable(request.until()), reason.strip(), placedBy, clock.instant());
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into legal_holds (id, tenant_id, scope, subject, "
                    + "data_class, held_from, held_until, reason, placed_by, placed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, hold.id());
                ps.setString(2, tenantId);
                ps.setString(3, hold.scope().value());
                ps.setString(4, hold.subject().orElse(null));
                ps.setString(5, hold.dataClass().map(DataClass::id).orElse(null));
                ps.setTimestamp(6, hold.from().map(Timestamp::from).orElse(null));
                ps.setTimestamp(7, hold.until().map(Timestamp::from).orElse(null));
                ps.setString(8, hold.reason());
                ps.setString(9, placedBy);
                ps.setTimestamp(10, Timestamp.from(hold.placedAt()));
                ps.executeUpdate();
            }
            AuditRecord.Builder record = AuditRecord.of(tenantId, ActorType.STAFF, placedBy, "retention.hold_placed")
                    .target(hold.id().toString()).rationale(hold.reason()).meta("scope", hold.scope().value());
            hold.subject().ifPresent(s -> record.meta("subject", s));
            hold.dataClass().ifPresent(d -> record.meta("class", d.id()));
            hold.from().ifPresent(f -> record.meta("from", ChainHash.formatTime(f)));
            hold.until().ifPresent(u -> record.meta("until", ChainHash.formatTime(u)));
            ledger.append(c, List.of(record.build()));
            c.commit();
        }
        return hold;
    }

    /** Releases an active hold; false when there is no active hold with that id. */
    public boolean release(UUID id, String reason, String releasedBy) throws SQLException {
        if (reason == null || reason.isBlank() || releasedBy == null || releasedBy.isBlank()) {
            throw new IllegalArgumentException("a release needs a reason and who releases it");
        }
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("update legal_holds set released_at = ?, released_by = ?, "
                    + "release_reason = ? where id = ? and tenant_id = ? and released_at is null")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setString(2, releasedBy);
                ps.setString(3, reason.strip());
                ps.setObject(4, id);
                ps.setString(5, tenantId);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
            }
            ledger.append(c, List.of(AuditRecord.of(tenantId, ActorType.STAFF, releasedBy, "retention.hold_released")
                    .target(id.toString()).rationale(reason.strip()).build()));
            c.commit();
            return true;
        }
    }

    /** The active holds of this studio, oldest first. */
    public List<LegalHold> active() throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            return active(c, tenantId);
        }
    }

    static List<LegalHold> active(Connection c, String tenantId) throws SQLException {
        List<LegalHold> holds = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, scope, subject, data_class, held_from, held_until, "
                + "reason, placed_by, placed_at from legal_holds where tenant_id = ? and released_at is null "
                + "order by placed_at, id")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holds.add(new LegalHold(rs.getObject(1, UUID.class), LegalHold.Scope.parse(rs.getString(2)),
                            Optional.ofNullable(rs.getString(3)),
                            Optional.ofNullable(rs.getString(4)).flatMap(DataClass::byId),
                            Optional.ofNullable(rs.getTimestamp(5)).map(Timestamp::toInstant),
                            Optional.ofNullable(rs.getTimestamp(6)).map(Timestamp::toInstant),
                            rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant()));
                }
            }
        }
        return holds;
    }

    private static void check(LegalHold.Request request, String reason, String placedBy) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a legal hold needs a reason");
        }
        if (placedBy == null || placedBy.isBlank()) {
            throw new IllegalArgumentException("a legal hold needs who places it");
        }
        switch (request.scope()) {
            case PROPOSAL, INTAKE_ITEM -> {
                try {
                    UUID.fromString(String.valueOf(request.subject()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("a " + request.scope().value() + " hold names its id (a UUID)");
                }
            }
            case DATE_RANGE -> {
                if (request.from() == null || request.until() == null || !request.from().isBefore(request.until())) {
                    throw new IllegalArgumentException("a date_range hold needs from before until");
                }
            }
            case DATA_CLASS -> {
                if (request.dataClass() == null) {
                    throw new IllegalArgumentException("a data_class hold names the class");
                }
            }
            default -> throw new IllegalArgumentException("unknown hold scope");
        }
    }
}
