package studio.brain.gate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;
import studio.brain.outbox.Outbox;

/**
 * Human decisions on proposals: approve (which mints a single-use execution grant), reject, reopen, and the expiry
 * sweep. Only staff decide, never on their own proposals, never on someone else's tenant; agents never approve.
 * A refused decision changes nothing but appends one ledger event with its reason.
 */
public final class ProposalDecisions {
    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final Outbox outbox;
    private final SigningKey grantKey;
    private final String tenantId;

    public ProposalDecisions(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, Outbox outbox,
                             SigningKey grantKey, String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.outbox = outbox;
        this.grantKey = grantKey;
        this.tenantId = tenantId;
    }

    /** The outcome of a decision: the proposal's new status, and for an approval the execution grant token. */
    public record Result(UUID proposalId, String status, String grant) {
    }

    private record Row(UUID id, String tenant, String capability, String status, String requestedById,
                       String inputHash, Instant expiresAt) {
    }

    public Result approve(Actor actor, UUID proposalId, String rationale, String requestId) throws SQLException {
        return decide(actor, proposalId, rationale, requestId, ProposalStatus.APPROVED);
    }

    public Result reject(Actor actor, UUID proposalId, String rationale, String requestId) throws SQLException {
        return decide(actor, proposalId, rationale, requestId, ProposalStatus.REJECTED);
    }

    /** A rejected proposal back to the queue, by staff, with a reason. */
    public Result reopen(Actor actor, UUID proposalId, String reason, String requestId) throws SQLException {
        return decide(actor, proposalId, reason, requestId, ProposalStatus.PENDING_APPROVAL);
    }

    private Result decide(Actor actor, UUID proposalId, String rationale, String requestId, ProposalStatus to)
            throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                Result result = decideIn(c, actor, proposalId, rationale, requestId, to);
                c.commit();
                return result;
            } catch (GateException refused) {
                c.rollback();
                refusal(actor, proposalId, to, refused.reason(), requestId);
                throw refused;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Result decideIn(Connection c, Actor actor, UUID proposalId, String rationale, String requestId,
                            ProposalStatus to) throws SQLException {
        Row row = lock(c, proposalId);
        if (!actor.isStaff()) {
            throw new GateException(ReasonCode.FORBIDDEN, "only staff decide on proposals; "
                    + actor.type().value() + "s never do");
        }
        if (!actor.tenantId().equals(row.tenant()) || !tenantId.equals(row.tenant())) {
            throw new GateException(ReasonCode.TENANT_MISMATCH, "this proposal belongs to another studio");
        }
        ProposalStatus from = ProposalStatus.parse(row.status());
        Instant now = clock.instant();
        if (to != ProposalStatus.PENDING_APPROVAL && from == ProposalStatus.PENDING_APPROVAL
                && row.expiresAt() != null && !now.isBefore(row.expiresAt())) {
            transition(c, row, from, ProposalStatus.EXPIRED, Actor.system("proposal-expiry", row.tenant()),
                    "expired before a decision", requestId, now);
            c.commit();
            throw new GateException(ReasonCode.PROPOSAL_EXPIRED, "the proposal expired at " + row.expiresAt()
                    + " before anyone decided; propose again if it is still needed");
        }
        if (!from.canBecome(to) || (to == ProposalStatus.PENDING_APPROVAL && from != ProposalStatus.REJECTED)) {
            throw new GateException(ReasonCode.ALREADY_DECIDED, "the proposal is " + from.value()
                    + "; it cannot become " + to.value());
        }
        if (to == ProposalStatus.APPROVED && actor.id().equals(row.requestedById())) {
            throw new GateException(ReasonCode.SELF_APPROVAL, "nobody approves their own proposal");
        }
        String reason = Rationales.require(rationale);
        transition(c, row, from, to, actor, reason, requestId, now);
        String grant = to == ProposalStatus.APPROVED
                ? Grants.mint(c, grantKey, row.id(), row.capability(), row.tenant(), row.inputHash(), now) : null;
        outbox.enqueue(c, row.tenant(), "proposal." + (to == ProposalStatus.PENDING_APPROVAL ? "reopened" : to.value()),
                Map.of("proposalId", proposalId.toString(), "capabilityId", row.capability(), "status", to.value()));
        return new Result(proposalId, to.value(), grant);
    }

    private Row lock(Connection c, UUID proposalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id, tenant_id, capability_id, status, requested_by_id, "
                + "input_hash, expires_at from proposals where id = ? for update")) {
            ps.setObject(1, proposalId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new GateException(ReasonCode.PROPOSAL_NOT_FOUND, "no proposal " + proposalId);
                }
                Timestamp expires = rs.getTimestamp(7);
                return new Row((UUID) rs.getObject(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), expires == null ? null : expires.toInstant());
            }
        }
    }

    private void transition(Connection c, Row row, ProposalStatus from, ProposalStatus to, Actor actor,
                            String rationale, String requestId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update proposals set status = ?, updated_at = ? where id = ? "
                + "and status = ?")) {
            ps.setString(1, to.value());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, row.id());
            ps.setString(4, from.value());
            if (ps.executeUpdate() != 1) {
                throw new GateException(ReasonCode.ALREADY_DECIDED, "the proposal changed while deciding");
            }
        }
        ProposalTransitions.record(c, row.id(), from.value(), to.value(), actor, rationale, now);
        ledger.append(c, List.of(AuditRecord.of(row.tenant(), actor.type(), actor.id(), to.ledgerAction())
                .capability(row.capability()).target(row.id().toString()).rationale(rationale)
                .approvalState(to.value()).inputHash(row.inputHash()).requestId(requestId)
                .correlationId(row.id().toString()).meta("from", from.value()).build()));
    }

    private void refusal(Actor actor, UUID proposalId, ProposalStatus to, ReasonCode reason, String requestId)
            throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            String verb = switch (to) {
                case APPROVED -> "approve";
                case REJECTED -> "reject";
                default -> "reopen";
            };
            ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), "proposal." + verb + "_refused")
                    .target(proposalId.toString()).correlationId(proposalId.toString()).requestId(requestId)
                    .approvalState("denied").meta("reason", reason.name()).build()));
            c.commit();
        }
    }

    /** Moves every pending proposal past its expiry to {@code expired}; returns how many. */
    public int expireDue() throws SQLException {
        int expired = 0;
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select id from proposals where tenant_id = ? "
                    + "and status = 'pending_approval' and expires_at <= ? for update skip locked")) {
                ps.setString(1, tenantId);
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                try (ResultSet rs = ps.executeQuery()) {
                    List<UUID> due = new java.util.ArrayList<>();
                    while (rs.next()) {
                        due.add((UUID) rs.getObject(1));
                    }
                    for (UUID id : due) {
                        Row row = lock(c, id);
                        transition(c, row, ProposalStatus.PENDING_APPROVAL, ProposalStatus.EXPIRED,
                                new Actor(ActorType.SYSTEM, "proposal-expiry", tenantId, null, null, null, null, null),
                                "expired before a decision", null, clock.instant());
                        expired++;
                    }
                }
            }
            c.commit();
        }
        return expired;
    }
}
