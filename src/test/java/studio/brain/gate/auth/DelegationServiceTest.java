package studio.brain.gate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.gate.auth.DelegationFixture.EXECUTE_NOTE;
import static studio.brain.gate.auth.DelegationFixture.PROPOSE_KILN;
import static studio.brain.gate.auth.DelegationFixture.PROPOSE_NOTE;
import static studio.brain.gate.auth.DelegationFixture.T0;
import static studio.brain.gate.auth.Refusals.assertRefused;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.ledger.ActorType;
import studio.brain.testing.TestDatabase;

/** Delegations issued, resolved, revoked and expired on a real PostgreSQL, with real HS256 tokens. */
class DelegationServiceTest {
    private static TestDatabase db;

    @TempDir
    Path dataDir;

    private DelegationFixture fx;

    @BeforeAll
    static void database() {
        db = new TestDatabase();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void studio() {
        fx = new DelegationFixture(db, dataDir);
    }

    @Test
    void aValidTokenResolvesToTheAgentActingForItsOwner() {
        IssuedDelegation issued = fx.issueGlazeBot();

        Actor agent = fx.service.resolve(issued.token().value().reveal());

        assertThat(agent.type()).isEqualTo(ActorType.AGENT);
        assertThat(agent.id()).isEqualTo("agent-glaze-bot");
        assertThat(agent.ownerUid()).isEqualTo("uid-ada");
        assertThat(agent.tenantId()).isEqualTo(fx.tenant);
        assertThat(agent.delegationId()).isEqualTo(issued.delegation().id().toString());
        assertThat(agent.scopes()).containsExactlyInAnyOrder(PROPOSE_NOTE, PROPOSE_KILN);
        assertThat(agent.roles()).isEmpty();
        assertThat(agent.isStaff()).isFalse();
        assertThat(agent.trace()).first().isEqualTo("credential: delegation token");
        assertThat(String.join("\n", agent.trace()))
                .contains("signature: valid (HS256, key " + fx.key.keyId() + ")")
                .contains("token: valid until")
                .contains("delegation " + issued.delegation().id() + ": found, issued by uid-mara")
                .contains("revocation: none")
                .contains("expiry: valid until " + issued.delegation().expiresAt())
                .contains("agent: agent-glaze-bot acting for owner uid-ada")
                .contains("tenant: " + fx.tenant)
                .contains("scopes: " + PROPOSE_NOTE + " " + PROPOSE_KILN);
    }

    @Test
    void theDelegationIsStoredAsIssuedAndItsIssueIsInThePolicyHistory() throws Exception {
        IssuedDelegation issued = fx.issueGlazeBot();
        Delegation d = issued.delegation();

        assertThat(fx.service.find(fx.tenant, d.id())).contains(d);
        assertThat(fx.service.list(fx.tenant)).containsExactly(d);
        assertThat(d.issuedBy()).isEqualTo("uid-mara");
        assertThat(d.issuedAt()).isEqualTo(T0);
        assertThat(d.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
        assertThat(d.statusAt(T0)).isEqualTo(Delegation.Status.ACTIVE);
        try (Connection c = fx.db.hub.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select kind, subject, actor_id from policy_events where tenant_id = '"
                     + fx.tenant + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("kind")).isEqualTo("delegation.issued");
            assertThat(rs.getString("subject")).isEqualTo(d.id().toString());
            assertThat(rs.getString("actor_id")).isEqualTo("uid-mara");
        }
    }

    @Test
    void aTokenLivesFifteenMinutesAtMostAndCarriesTheDelegationsClaims() throws Exception {
        IssuedDelegation issued = fx.issueGlazeBot();
        JWTClaimsSet claims = SignedJWT.parse(issued.token().value().reveal()).getJWTClaimsSet();

        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(claims.getSubject()).isEqualTo("agent-glaze-bot");
        assertThat(claims.getStringClaim("delegation_id")).isEqualTo(issued.delegation().id().toString());
        assertThat(claims.getStringClaim("owner_uid")).isEqualTo("uid-ada");
        assertThat(claims.getStringClaim("tenant_id")).isEqualTo(fx.tenant);
        assertThat(claims.getStringListClaim("scopes")).containsExactlyInAnyOrder(PROPOSE_NOTE, PROPOSE_KILN);
        assertThat(claims.getJWTID()).isEqualTo(issued.token().id());
        assertThat(issued.token().expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void anExpiredTokenIsRefusedAndStaffCanMintANewOne() {
        IssuedDelegation issued = fx.issueGlazeBot();
        String old = issued.token().value().reveal();
        fx.clock.advance(Duration.ofMinutes(15));

        assertRefused(() -> fx.service.resolve(old), ReasonCode.NOT_AUTHENTICATED, "token has expired", old);

        DelegationToken fresh = fx.service.mintToken(fx.staff, issued.delegation().id());
        assertThat(fresh.expiresAt()).isEqualTo(fx.clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(fx.service.resolve(fresh.value().reveal()).id()).isEqualTo("agent-glaze-bot");
    }

    @Test
    void anExpiredDelegationIsRefusedEvenWithAFreshToken() {
        IssuedDelegation issued =
                fx.issue("uid-ada", "agent-glaze-bot", Set.of(PROPOSE_NOTE), Duration.ofMinutes(10));
        String token = issued.token().value().reveal();
        fx.clock.advance(Duration.ofMinutes(10));

        AuthenticationException refusal = assertRefused(() -> fx.service.resolve(token),
                ReasonCode.DELEGATION_EXPIRED, "expired at", token);
        assertThat(refusal.trace()).contains("revocation: none").last().asString().startsWith("refused:");
        assertThatThrownBy(() -> fx.service.mintToken(fx.staff, issued.delegation().id()))
                .isInstanceOfSatisfying(DelegationRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.DELEGATION_EXPIRED));
    }

    @Test
    void aRevokedDelegationIsRefusedAtOnceAndItsFirstRevocationStands() {
        IssuedDelegation issued = fx.issueGlazeBot();
        String token = issued.token().value().reveal();
        UUID id = issued.delegation().id();
        fx.clock.advance(Duration.ofMinutes(1));

        Delegation revoked = fx.service.revoke(fx.staff, id, "agent misfiled two ops notes").orElseThrow();
        Actor otherStaff = Actor.staff("uid-ivo", fx.tenant, Set.of("staff"));
        Delegation again = fx.service.revoke(otherStaff, id, "second thoughts").orElseThrow();

        assertThat(revoked.revokedBy()).isEqualTo("uid-mara");
        assertThat(revoked.revokeReason()).isEqualTo("agent misfiled two ops notes");
        assertThat(revoked.revokedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(again).isEqualTo(revoked);
        assertThat(revoked.statusAt(fx.clock.instant())).isEqualTo(Delegation.Status.REVOKED);
        assertRefused(() -> fx.service.resolve(token), ReasonCode.DELEGATION_REVOKED, "was revoked", token);
        assertThatThrownBy(() -> fx.service.mintToken(fx.staff, id))
                .isInstanceOfSatisfying(DelegationRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.DELEGATION_REVOKED));
    }

    @Test
    void revokingNeedsStaffOfThisStudioAReasonAndAnExistingDelegation() {
        IssuedDelegation issued = fx.issueGlazeBot();
        UUID id = issued.delegation().id();
        Actor agent = fx.service.resolve(issued.token().value().reveal());
        Actor foreignStaff = Actor.staff("uid-kai", "studio-elsewhere", Set.of("staff"));

        assertRequestRefused(() -> fx.service.revoke(agent, id, "I quit"), ReasonCode.FORBIDDEN);
        assertRequestRefused(() -> fx.service.revoke(foreignStaff, id, "mine now"), ReasonCode.TENANT_MISMATCH);
        assertRequestRefused(() -> fx.service.revoke(fx.staff, id, "  "), ReasonCode.INVALID_INPUT);
        assertThat(fx.service.revoke(fx.staff, UUID.randomUUID(), "typo")).isEmpty();
        assertThat(fx.service.find(fx.tenant, id).orElseThrow().revoked()).isFalse();
    }

    @Test
    void onlyStaffOfThisStudioIssueDelegations() {
        IssuedDelegation issued = fx.issueGlazeBot();
        Actor agent = fx.service.resolve(issued.token().value().reveal());
        Actor system = Actor.system("heartbeat", fx.tenant);
        Actor foreignStaff = Actor.staff("uid-kai", "studio-elsewhere", Set.of("staff"));
        Set<String> scopes = Set.of(PROPOSE_NOTE);

        // An agent cannot widen its own reach by delegating to itself or another agent.
        assertRequestRefused(() -> fx.service.issue(agent, "uid-ada", "agent-helper", scopes, Duration.ofDays(1)),
                ReasonCode.FORBIDDEN);
        assertRequestRefused(() -> fx.service.issue(system, "uid-ada", "agent-helper", scopes, Duration.ofDays(1)),
                ReasonCode.FORBIDDEN);
        assertRequestRefused(() -> fx.service.issue(foreignStaff, "uid-ada", "agent-helper", scopes,
                Duration.ofDays(1)), ReasonCode.TENANT_MISMATCH);
        assertThat(fx.service.list(fx.tenant)).hasSize(1);
    }

    @Test
    void aDelegationRequestMustBeWellFormed() {
        Set<String> ok = Set.of(PROPOSE_NOTE);
        Duration day = Duration.ofDays(1);

        assertRequestRefused(() -> fx.issue("uid-ada", "agent-x",
                Set.of("capability:firestore.ops_note.append:approve"), day), ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("uid-ada", "agent-x", Set.of("capability:*:execute"), day),
                ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("uid-ada", "agent-x", Set.of("admin"), day), ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("uid-ada", "agent-x", Set.of(), day), ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("uid-ada", "agent-x", ok, Duration.ofDays(30).plusSeconds(1)),
                ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("uid-ada", "agent-x", ok, Duration.ZERO), ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("", "agent-x", ok, day), ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("uid-ada", "uid-ada", ok, day), ReasonCode.INVALID_INPUT);
        assertRequestRefused(() -> fx.issue("uid-ada", "uid-mara", ok, day), ReasonCode.INVALID_INPUT);
        assertThat(fx.service.list(fx.tenant)).isEmpty();

        assertThat(fx.issue("uid-ada", "agent-x", ok, Duration.ofDays(30)).delegation().expiresAt())
                .isEqualTo(T0.plus(Duration.ofDays(30)));
    }

    @Test
    void anAgentActsOnlyOnItsOwnersResources() {
        Actor agent = fx.service.resolve(fx.issueGlazeBot().token().value().reveal());

        assertThat(OwnerBinding.ownsResource(agent, "uid-ada")).isTrue();
        assertThat(OwnerBinding.ownsResource(agent, "uid-bo")).isFalse();
        assertThat(OwnerBinding.ownsResource(agent, null)).isFalse();
        assertThat(OwnerBinding.check(agent, "uid-bo")).contains(ReasonCode.OWNER_MISMATCH);
        assertThat(OwnerBinding.check(agent, "uid-ada")).isEmpty();
        assertThat(OwnerBinding.ownsResource(fx.staff, "uid-bo")).isTrue();
    }

    @Test
    void anAgentHasOnlyTheScopesItWasGiven() {
        Actor agent = fx.service.resolve(fx.issueGlazeBot().token().value().reveal());

        assertThat(DelegationScopes.check(agent, "firestore.ops_note.append", "propose")).isEmpty();
        assertThat(DelegationScopes.check(agent, "firestore.ops_note.append", "execute"))
                .contains(ReasonCode.SCOPE_MISSING);
        assertThat(DelegationScopes.check(agent, "stripe.refund.create", "propose")).contains(ReasonCode.SCOPE_MISSING);
        assertThat(agent.hasScope("hubitat.device.command", "propose")).isTrue();
        assertThat(agent.hasScope("hubitat.device.command", "execute")).isFalse();
    }

    @Test
    void aTokenNamingAnotherAgentOrOwnerThanItsDelegationIsRefused() {
        Delegation d = fx.issueGlazeBot().delegation();
        String otherAgent = fx.signWithHubKey(d, c -> c.subject("agent-kiln-bot"));
        String otherOwner = fx.signWithHubKey(d, c -> c.claim("owner_uid", "uid-bo"));

        assertRefused(() -> fx.service.resolve(otherAgent), ReasonCode.FORBIDDEN, "agent or owner", otherAgent);
        assertRefused(() -> fx.service.resolve(otherOwner), ReasonCode.FORBIDDEN, "agent or owner", otherOwner);
    }

    @Test
    void aTokenCannotWidenItsDelegationsScopes() {
        Delegation d = fx.issueGlazeBot().delegation();
        String wider = fx.signWithHubKey(d, c -> c.claim("scopes", List.of(PROPOSE_NOTE, EXECUTE_NOTE)));

        Actor agent = fx.service.resolve(wider);

        assertThat(agent.scopes()).containsExactly(PROPOSE_NOTE);
    }

    @Test
    void anAgentTokenThatClaimsStaffIsRefused() {
        Delegation d = fx.issueGlazeBot().delegation();
        String claimsStaff = fx.signWithHubKey(d, c -> c.claim("staff", true));
        String claimsAdmin = fx.signWithHubKey(d, c -> c.claim("admin", true));
        String claimsRoles = fx.signWithHubKey(d, c -> c.claim("roles", List.of("admin")));

        assertRefused(() -> fx.service.resolve(claimsStaff), ReasonCode.FORBIDDEN, "staff", claimsStaff);
        assertRefused(() -> fx.service.resolve(claimsAdmin), ReasonCode.FORBIDDEN, "admin", claimsAdmin);
        assertRefused(() -> fx.service.resolve(claimsRoles), ReasonCode.FORBIDDEN, "roles", claimsRoles);
    }

    @Test
    void aFirebaseIdTokenIsNotADelegationToken() {
        var key = FirebaseTokens.newKey("fb-key-1");
        String idToken = FirebaseTokens.sign(key, FirebaseTokens.staffClaims("uid-mara", T0).claim("admin", true)
                .build());

        assertRefused(() -> fx.service.resolve(idToken), ReasonCode.NOT_AUTHENTICATED, "HS256", idToken);
    }

    @Test
    void aTamperedTokenIsRefused() {
        IssuedDelegation issued = fx.issueGlazeBot();
        String[] parts = issued.token().value().reveal().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(PROPOSE_NOTE, EXECUTE_NOTE);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String signatureFlipped = parts[0] + "." + parts[1] + "." + flipLastChar(parts[2]);

        assertRefused(() -> fx.service.resolve(tampered), ReasonCode.NOT_AUTHENTICATED, "signature", tampered);
        assertRefused(() -> fx.service.resolve(signatureFlipped), ReasonCode.NOT_AUTHENTICATED, "signature",
                signatureFlipped);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        Delegation d = fx.issueGlazeBot().delegation();
        String none = new PlainJWT(fx.claimsOf(d).build()).serialize();

        assertRefused(() -> fx.service.resolve(none), ReasonCode.NOT_AUTHENTICATED, "not a signed JWT", none);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedEvenUnderThisHubsKeyId() {
        Delegation d = fx.issueGlazeBot().delegation();
        DelegationSigningKey foreign = DelegationSigningKey.generate();
        String foreignKeyId = DelegationFixture.signWith(foreign, fx.claimsOf(d).build());
        String borrowedKeyId = DelegationFixture.signWith(foreign, fx.key.keyId(), fx.claimsOf(d).build());

        assertRefused(() -> fx.service.resolve(foreignKeyId), ReasonCode.NOT_AUTHENTICATED, "another signing key",
                foreignKeyId);
        assertRefused(() -> fx.service.resolve(borrowedKeyId), ReasonCode.NOT_AUTHENTICATED, "signature",
                borrowedKeyId);
    }

    @Test
    void aTokenForAnUnknownDelegationIsRefused() {
        Delegation d = fx.issueGlazeBot().delegation();
        String unknown = fx.signWithHubKey(d, c -> c.claim("delegation_id", UUID.randomUUID().toString()));

        assertRefused(() -> fx.service.resolve(unknown), ReasonCode.NOT_AUTHENTICATED, "does not exist", unknown);
    }

    @Test
    void aTokenOfAnotherStudioIsATenantMismatch() {
        IssuedDelegation issued = fx.issueGlazeBot();
        DelegationService otherStudio = new DelegationService(fx.clock, () -> fx.db.hub, fx.key,
                "studio-elsewhere");
        String token = issued.token().value().reveal();

        assertRefused(() -> otherStudio.resolve(token), ReasonCode.TENANT_MISMATCH, "another studio", token);
        assertThat(otherStudio.list("studio-elsewhere")).isEmpty();
    }

    @Test
    void garbageIsRefused() {
        assertRefused(() -> fx.service.resolve("a.b.c"), ReasonCode.NOT_AUTHENTICATED, "not a signed JWT", null);
        assertRefused(() -> fx.service.resolve(""), ReasonCode.NOT_AUTHENTICATED, "no delegation token", null);
        assertRefused(() -> fx.service.resolve("x".repeat(10_000)), ReasonCode.NOT_AUTHENTICATED, "too long", null);
    }

    @Test
    void theSigningKeyIsA256BitSecretOnlyTheOwnerCanRead() throws Exception {
        Path file = dataDir.resolve("delegation-signing.key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getUrlDecoder().decode(Files.readString(file).trim())).hasSize(32);
        assertThat(DelegationSigningKey.loadOrCreate(dataDir).keyId()).isEqualTo(fx.key.keyId());
        assertThat(fx.key.toString()).doesNotContain(Files.readString(file).trim());
    }

    @Test
    void theHubsDatabaseRoleCanRecordARevocationButNeverRewriteOrDeleteADelegation() throws Exception {
        UUID id = fx.issueGlazeBot().delegation().id();
        try (Connection c = fx.db.hub.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("delete from delegations where id = '" + id + "'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeUpdate("update delegations set scopes = array['capability:x:execute'] "
                    + "where id = '" + id + "'")).hasMessageContaining("only the revocation");
            assertThatThrownBy(() -> s.executeUpdate("update delegations set expires_at = expires_at + interval "
                    + "'1 year' where id = '" + id + "'")).hasMessageContaining("only the revocation");
            s.executeUpdate("update delegations set revoked_at = now(), revoked_by = 'uid-mara', "
                    + "revoke_reason = 'by hand' where id = '" + id + "'");
            assertThatThrownBy(() -> s.executeUpdate("update delegations set revoked_at = null, revoked_by = null, "
                    + "revoke_reason = null where id = '" + id + "'")).hasMessageContaining("already revoked");
            assertThatThrownBy(() -> s.executeUpdate("update delegation_denials set message = 'x' where false"))
                    .hasMessageContaining("permission denied");
        }
        try (Connection c = fx.db.owner.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("delete from delegations where id = '" + id + "'"))
                    .hasMessageContaining("DELETE");
        }
    }

    private static void assertRequestRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                             ReasonCode reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DelegationRequestException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static String flipLastChar(String text) {
        char last = text.charAt(text.length() - 2);
        char replacement = last == 'A' ? 'B' : 'A';
        return text.substring(0, text.length() - 2) + replacement + text.charAt(text.length() - 1);
    }
}
