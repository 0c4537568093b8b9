package studio.brain.gate.guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import studio.brain.gate.GateException;
import studio.brain.gate.GrantToken;
import studio.brain.gate.ReasonCode;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.SigningKey;

/**
 * The runtime half of "no route can bypass the gate", run in front of every write-capable endpoint: the exchange
 * must carry this hub's execution grant, unexpired, spent by an execution of exactly that proposal and input (the
 * proposal is {@code executing}), and not yet used for a send — each grant allows one send. Anything else is blocked
 * with {@code BLOCKED_BY_POLICY} and recorded; nothing reaches the endpoint.
 */
public final class GrantGuard implements Processor {
    public static final String GRANT_PROPERTY = "StudioBrainGrant";

    private final Supplier<DataSource> dataSource;
    private final Clock clock;
    private final Ledger ledger;
    private final SigningKey.VerifierKey key;
    private final String tenantId;

    public GrantGuard(Supplier<DataSource> dataSource, Clock clock, Ledger ledger, SigningKey.VerifierKey key,
                      String tenantId) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ledger = ledger;
        this.key = key;
        this.tenantId = tenantId;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String endpoint = scheme(exchange.getProperty(Exchange.TO_ENDPOINT, String.class));
        String token = exchange.getProperty(GRANT_PROPERTY, String.class);
        if (token == null) {
            block(exchange, endpoint, null, "no execution grant");
        }
        GrantToken grant;
        try {
            grant = GrantToken.verify(token, key);
        } catch (GateException invalid) {
            block(exchange, endpoint, null, "the execution grant is not valid");
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(grant.expiresAt()) || !spendSend(grant, now)) {
            block(exchange, endpoint, grant, "the grant is expired, already used for a send, or not for a proposal "
                    + "that is executing with this input");
        }
    }

    /**
     * The check a connector write client runs itself before it writes, so that calling it by bean name from a route
     * cannot bypass the endpoint guard: the exchange must carry a valid grant whose one send this guard has already
     * marked, for a proposal that is executing with the granted input.
     */
    public Processor sentGrantCheck() {
        return exchange -> {
            String token = exchange.getProperty(GRANT_PROPERTY, String.class);
            GrantToken grant = null;
            try {
                grant = token == null ? null : GrantToken.verify(token, key);
            } catch (GateException invalid) {
                grant = null;
            }
            if (grant == null || !sent(grant)) {
                block(exchange, "bean", grant, "a connector write client was called outside a guarded execution");
            }
        };
    }

    private boolean sent(GrantToken grant) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from grants g join proposals p on p.id = g.proposal_id "
                     + "where g.id = ? and g.sent_at is not null and p.status = 'executing' "
                     + "and p.input_hash = g.input_hash and p.tenant_id = ?")) {
            ps.setObject(1, grant.grantId());
            ps.setString(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Marks the grant's one send, only while its proposal is executing with the granted input. */
    private boolean spendSend(GrantToken grant, Instant now) throws SQLException {
        try (Connection c = dataSource.get().getConnection();
             PreparedStatement ps = c.prepareStatement("update grants g set sent_at = ? where g.id = ? "
                     + "and g.used_at is not null and g.sent_at is null and g.expires_at > ? and g.input_hash = ? "
                     + "and exists (select 1 from proposals p where p.id = g.proposal_id and p.status = 'executing' "
                     + "and p.input_hash = g.input_hash and p.tenant_id = ?)")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setObject(2, grant.grantId());
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, grant.inputHash());
            ps.setString(5, tenantId);
            return ps.executeUpdate() == 1;
        }
    }

    private void block(Exchange exchange, String endpoint, GrantToken grant, String why) throws SQLException {
        String routeId = exchange.getFromRouteId();
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            ledger.append(c, List.of(AuditRecord.of(tenantId, ActorType.SYSTEM, "route:" + routeId, "execution.blocked")
                    .capability(grant == null ? null : grant.capabilityId())
                    .target(grant == null ? endpoint : grant.proposalId().toString())
                    .approvalState("denied").correlationId(grant == null ? null : grant.proposalId().toString())
                    .meta("reason", ReasonCode.BLOCKED_BY_POLICY.name()).meta("endpoint", endpoint)
                    .meta("why", why).build()));
            c.commit();
        }
        throw new GateException(ReasonCode.BLOCKED_BY_POLICY, "blocked a send to a write endpoint (" + endpoint + "): "
                + why);
    }

    /** Only the endpoint's scheme and path go into the record: query strings may carry tokens. */
    private static String scheme(String uri) {
        if (uri == null) {
            return "unknown";
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
