package studio.brain.gate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;

/**
 * Staff controls over policy: the kill switch, time-bounded exemptions and quota resets. Each change needs staff,
 * a rationale, appends to the policy history and to the ledger in one transaction, and takes effect at once for
 * every decision after it.
 */
public final class PolicyControls {
    static final Duration LONGEST_EXEMPTION = Duration.ofDays(30);

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final CapabilityCatalog catalog;
    private final String tenantId;

    public PolicyControls(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, CapabilityCatalog catalog,
                          String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.catalog = catalog;
        this.tenantId = tenantId;
    }

    public PolicyStore.KillSwitch setKillSwitch(Actor actor, boolean on, String rationale, String requestId)
            throws SQLException {
        requireStaffOfThisStudio(actor);
        String reason = Rationales.require(rationale);
        Instant now = clock.instant();
        inTransaction(c -> {
            PolicyStore.append(c, tenantId, PolicyStore.KILL_SWITCH, null, PolicyStore.payload("on", on), actor.id(),
                    reason, now);
            ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(),
                            on ? "policy.kill_switch_on" : "policy.kill_switch_off")
                    .rationale(reason).requestId(requestId).approvalState(on ? "blocked" : "open").build()));
        });
        return new PolicyStore.KillSwitch(on, actor.id(), reason, now);
    }

    public PolicyStore.KillSwitch killSwitch() throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            return PolicyStore.killSwitch(c, tenantId);
        }
    }

    public PolicyState.Exemption createExemption(Actor actor, String capabilityId, String ownerUid, Instant expiresAt,
                                                 String justification, String requestId) throws SQLException {
        requireStaffOfThisStudio(actor);
        String reason = Rationales.require(justification);
        CapabilityRules capability = catalog.rules(capabilityId).orElseThrow(() ->
                new GateException(ReasonCode.UNKNOWN_CAPABILITY, "no capability " + capabilityId));
        if (!capability.exemptable()) {
            throw new GateException(ReasonCode.NOT_EXEMPTABLE, capabilityId + " may never be exempted from approval");
        }
        Instant now = clock.instant();
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(LONGEST_EXEMPTION))) {
            throw new GateException(ReasonCode.INVALID_INPUT, "an exemption needs an expiry in the future and at most "
                    + LONGEST_EXEMPTION.toDays() + " days away");
        }
        PolicyState.Exemption exemption = new PolicyState.Exemption("ex-" + UUID.randomUUID(), capabilityId, ownerUid,
                expiresAt, actor.id(), reason);
        inTransaction(c -> {
            PolicyStore.append(c, tenantId, PolicyStore.EXEMPTION, exemption.id(), PolicyStore.payload(
                    "capabilityId", capabilityId, "ownerUid", ownerUid, "expiresAt", expiresAt.toString()),
                    actor.id(), reason, now);
            ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), "policy.exemption_created")
                    .capability(capabilityId).target(exemption.id()).rationale(reason).requestId(requestId)
                    .meta("ownerUid", ownerUid).meta("expiresAt", expiresAt.toString()).build()));
        });
        return exemption;
    }

    public void revokeExemption(Actor actor, String exemptionId, String rationale, String requestId)
            throws SQLException {
        requireStaffOfThisStudio(actor);
        String reason = Rationales.require(rationale);
        inTransaction(c -> {
            Optional<PolicyState.Exemption> exemption = PolicyStore.exemption(c, tenantId, exemptionId);
            if (exemption.isEmpty()) {
                throw new GateException(ReasonCode.INVALID_INPUT, "no exemption " + exemptionId);
            }
            if (PolicyStore.revoked(c, tenantId, exemptionId)) {
                throw new GateException(ReasonCode.ALREADY_DECIDED, "exemption " + exemptionId + " is already revoked");
            }
            PolicyStore.append(c, tenantId, PolicyStore.EXEMPTION_REVOKED, exemptionId, PolicyStore.payload(),
                    actor.id(), reason, clock.instant());
            ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), "policy.exemption_revoked")
                    .capability(exemption.get().capabilityId()).target(exemptionId).rationale(reason)
                    .requestId(requestId).build()));
        });
    }

    public int resetQuota(Actor actor, String bucket, String rationale, String requestId) throws SQLException {
        requireStaffOfThisStudio(actor);
        String reason = Rationales.require(rationale);
        int[] reset = {0};
        inTransaction(c -> {
            reset[0] = QuotaStore.reset(c, bucket);
            ledger.append(c, List.of(AuditRecord.of(tenantId, actor.type(), actor.id(), "policy.quota_reset")
                    .target(bucket).rationale(reason).requestId(requestId).meta("windows", reset[0]).build()));
        });
        return reset[0];
    }

    private void requireStaffOfThisStudio(Actor actor) {
        if (!actor.isStaff()) {
            throw new GateException(ReasonCode.FORBIDDEN, "only staff change policy");
        }
        if (!tenantId.equals(actor.tenantId())) {
            throw new GateException(ReasonCode.TENANT_MISMATCH, "staff of another studio");
        }
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
