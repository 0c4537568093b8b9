package studio.brain.gate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.observability.EventLog;

/**
 * Agent delegations: staff issue and revoke them; agents present the short-lived tokens minted from them; and
 * {@link #resolve} turns a token into the agent {@link Actor} the gate works with.
 *
 * <p>A token proves only that this hub minted it for a delegation in the last {@link #TOKEN_LIFETIME}. Every
 * resolution therefore reads the delegation again, so a revocation takes effect on the agent's next request, not
 * when its token runs out. Tokens are renewed by staff ({@link #mintToken}), never by the agent itself: a stolen
 * token dies within minutes.
 */
public final class DelegationService {
    public static final Duration MAX_DELEGATION = Duration.ofDays(30);
    public static final Duration TOKEN_LIFETIME = DelegationTokens.MAX_LIFETIME;
    /** Hubs sharing a database may disagree a little on the time: a token "issued" this far ahead is still taken. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final int MAX_UID_LENGTH = 128;
    private static final int MAX_REASON_LENGTH = 500;
    private static final EventLog LOG = EventLog.of("auth");

    private final Clock clock;
    private final String tenantId;
    private final DelegationStore store;
    private final DelegationTokens tokens;
    private final DelegationDenials denials;

    /**
     * @param tenantId the studio this hub serves: tokens of other tenants never resolve here
     */
    public DelegationService(Clock clock, Supplier<DataSource> dataSource, DelegationSigningKey signingKey,
                             String tenantId) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.store = new DelegationStore(Objects.requireNonNull(dataSource, "dataSource"));
        this.tokens = new DelegationTokens(Objects.requireNonNull(signingKey, "signingKey"));
        this.denials = new DelegationDenials(dataSource, clock);
    }

    /**
     * Records a delegation from {@code ownerUid} to {@code agentUid} for {@code ttl} (at most 30 days) and mints its
     * first token. Only staff of this studio issue delegations.
     */
    public IssuedDelegation issue(Actor staff, String ownerUid, String agentUid, Set<String> scopes, Duration ttl) {
        requireStaffOfThisStudio(staff, "issue");
        String owner = uid(ownerUid, "owner");
        String agent = uid(agentUid, "agent");
        if (owner.equals(agent)) {
            throw invalid("an agent cannot be its own owner");
        }
        if (agent.equals(staff.id())) {
            throw invalid("staff cannot delegate to themselves as an agent");
        }
        DelegationScopes.problem(scopes).ifPresent(problem -> {
            throw invalid(problem);
        });
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_DELEGATION) > 0) {
            throw invalid("a delegation lasts more than nothing and at most " + MAX_DELEGATION.toDays() + " days");
        }
        // Whole microseconds: what PostgreSQL keeps, so the delegation read back equals the one returned here.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Delegation delegation = Delegation.issued(UUID.randomUUID(), tenantId, owner, agent, new TreeSet<>(scopes),
                staff.id(), now, now.plus(ttl));
        store.insert(delegation);
        LOG.info("delegation.issued", "delegationId", delegation.id().toString(), "ownerUid", owner,
                "agentUid", agent, "scopes", List.copyOf(delegation.scopes()), "issuedBy", staff.id(),
                "expiresAt", delegation.expiresAt().toString());
        return new IssuedDelegation(delegation, mint(delegation, now));
    }

    /** A fresh token for a delegation that still stands; staff hand it to the agent. */
    public DelegationToken mintToken(Actor staff, UUID delegationId) {
        requireStaffOfThisStudio(staff, "renew");
        Delegation delegation = store.find(tenantId, delegationId)
                .orElseThrow(() -> invalid("this studio has no delegation " + delegationId));
        Instant now = clock.instant();
        switch (delegation.statusAt(now)) {
            case REVOKED -> throw new DelegationRequestException(ReasonCode.DELEGATION_REVOKED,
                    "delegation " + delegationId + " was revoked");
            case EXPIRED -> throw new DelegationRequestException(ReasonCode.DELEGATION_EXPIRED,
                    "delegation " + delegationId + " has expired");
            case ACTIVE -> {
                return mint(delegation, now);
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Revokes a delegation with a reason; its tokens stop resolving at once. Empty when this studio has no such
     * delegation. Revoking twice keeps the first revocation (who, when, why) and returns it.
     */
    public Optional<Delegation> revoke(Actor staff, UUID delegationId, String reason) {
        requireStaffOfThisStudio(staff, "revoke");
        Objects.requireNonNull(delegationId, "delegationId");
        if (reason == null || reason.isBlank()) {
            throw invalid("a revocation needs a reason");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw invalid("a revocation reason is at most " + MAX_REASON_LENGTH + " characters");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Optional<DelegationStore.Revocation> result =
                store.revoke(tenantId, delegationId, staff.id(), reason.strip(), now);
        result.filter(DelegationStore.Revocation::revokedNow)
                .ifPresent(r -> LOG.info("delegation.revoked", "delegationId", delegationId.toString(),
                        "agentUid", r.delegation().agentUid(), "revokedBy", staff.id()));
        return result.map(DelegationStore.Revocation::delegation);
    }

    /** Every delegation of the tenant, newest first, with its revocation if any. */
    public List<Delegation> list(String tenantId) {
        return store.list(tenantId);
    }

    public Optional<Delegation> find(String tenantId, UUID delegationId) {
        return store.find(tenantId, delegationId);
    }

    public DelegationDenials denials() {
        return denials;
    }

    /**
     * The agent a delegation token stands for, after checking, in order: the token's form, key and signature; its
     * claims (none may speak for staff or a human); its expiry; that its delegation exists; that it was not revoked
     * ({@link ReasonCode#DELEGATION_REVOKED}) and has not expired ({@link ReasonCode#DELEGATION_EXPIRED}); that token
     * and delegation agree on agent, owner and tenant; and that the tenant is this hub's
     * ({@link ReasonCode#TENANT_MISMATCH}). The actor's trace lists each check; a refusal is recorded in
     * {@link #denials()} with the same trace.
     */
    public Actor resolve(String token) {
        List<String> trace = new ArrayList<>();
        trace.add("credential: delegation token");
        DelegationTokens.Claims claims;
        try {
            claims = tokens.verify(token, trace);
        } catch (AuthenticationException refusal) {
            denials.record(tenantId, refusal, null, null);
            throw refusal;
        }
        Attempt attempt = new Attempt(claims, trace);
        Instant now = clock.instant();
        if (!now.isBefore(claims.expiresAt())) {
            throw attempt.deny(ReasonCode.NOT_AUTHENTICATED,
                    "the delegation token has expired; ask staff for a new one");
        }
        if (claims.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw attempt.deny(ReasonCode.NOT_AUTHENTICATED, "the delegation token is not valid yet");
        }
        trace.add("token: valid until " + claims.expiresAt() + " (id " + claims.tokenId() + ")");
        Delegation delegation = store.find(claims.delegationId()).orElseThrow(() -> attempt.deny(
                ReasonCode.NOT_AUTHENTICATED, "the token's delegation " + claims.delegationId() + " does not exist"));
        trace.add("delegation " + delegation.id() + ": found, issued by " + delegation.issuedBy());
        if (delegation.revoked()) {
            throw attempt.deny(ReasonCode.DELEGATION_REVOKED, "delegation " + delegation.id() + " was revoked at "
                    + delegation.revokedAt() + " by " + delegation.revokedBy());
        }
        trace.add("revocation: none");
        if (delegation.expiredAt(now)) {
            throw attempt.deny(ReasonCode.DELEGATION_EXPIRED, "delegation " + delegation.id() + " expired at "
                    + delegation.expiresAt());
        }
        trace.add("expiry: valid until " + delegation.expiresAt());
        if (!delegation.agentUid().equals(claims.agentUid()) || !delegation.ownerUid().equals(claims.ownerUid())) {
            throw attempt.deny(ReasonCode.FORBIDDEN, "the token's agent or owner is not its delegation's");
        }
        trace.add("agent: " + delegation.agentUid() + " acting for owner " + delegation.ownerUid());
        if (!delegation.tenantId().equals(claims.tenantId()) || !tenantId.equals(delegation.tenantId())) {
            throw attempt.deny(ReasonCode.TENANT_MISMATCH, "the delegation belongs to another studio than "
                    + tenantId);
        }
        trace.add("tenant: " + tenantId);
        // The delegation row is the authority; the token can only narrow it, never widen it.
        Set<String> scopes = new TreeSet<>(delegation.scopes());
        scopes.retainAll(claims.scopes());
        trace.add("scopes: " + String.join(" ", scopes));
        return Actor.agent(delegation.agentUid(), tenantId, delegation.ownerUid(), delegation.id().toString(), scopes,
                trace);
    }

    /** A resolution under way: refusing records the denial with what is known so far. */
    private final class Attempt {
        private final DelegationTokens.Claims claims;
        private final List<String> trace;

        Attempt(DelegationTokens.Claims claims, List<String> trace) {
            this.claims = claims;
            this.trace = trace;
        }

        AuthenticationException deny(ReasonCode reason, String message) {
            trace.add("refused: " + message);
            AuthenticationException refusal = new AuthenticationException(reason, message, trace);
            denials.record(tenantId, refusal, claims.agentUid(), claims.delegationId());
            return refusal;
        }
    }

    /**
     * A token always lives {@link #TOKEN_LIFETIME}, even past its delegation's end: every resolution checks the
     * delegation anyway, and an agent whose delegation ended then hears DELEGATION_EXPIRED rather than a bare
     * "token expired" that no renewal could cure.
     */
    private DelegationToken mint(Delegation delegation, Instant now) {
        DelegationToken token = tokens.sign(delegation, now, now.plus(TOKEN_LIFETIME));
        LOG.info("delegation.token_minted", "delegationId", delegation.id().toString(), "jti", token.id(),
                "expiresAt", token.expiresAt().toString());
        return token;
    }

    private void requireStaffOfThisStudio(Actor actor, String what) {
        Objects.requireNonNull(actor, "actor");
        if (!actor.isStaff()) {
            throw new DelegationRequestException(ReasonCode.FORBIDDEN, "only staff " + what + " delegations");
        }
        if (!tenantId.equals(actor.tenantId())) {
            throw new DelegationRequestException(ReasonCode.TENANT_MISMATCH,
                    "staff of another studio cannot " + what + " this studio's delegations");
        }
    }

    private static String uid(String uid, String role) {
        if (uid == null || uid.isBlank()) {
            throw invalid("a delegation names its " + role + " uid");
        }
        boolean plain = uid.equals(uid.strip()) && uid.chars().noneMatch(Character::isISOControl);
        if (uid.length() > MAX_UID_LENGTH || !plain) {
            throw invalid("the " + role + " uid is not a plain identifier of at most " + MAX_UID_LENGTH
                    + " characters");
        }
        return uid;
    }

    private static DelegationRequestException invalid(String message) {
        return new DelegationRequestException(ReasonCode.INVALID_INPUT, message);
    }
}
