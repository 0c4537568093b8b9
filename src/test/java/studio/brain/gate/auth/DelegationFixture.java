package studio.brain.gate.auth;

import studio.brain.testing.MutableClock;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import studio.brain.gate.Actor;
import studio.brain.testing.TestDatabase;

/**
 * A delegation service for a studio of its own on a shared test database, with its signing key in a data dir, staff
 * to drive it, and a way to sign tokens of any shape with the hub's real key (what only someone holding the key file
 * could do).
 */
final class DelegationFixture {
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final AtomicInteger STUDIOS = new AtomicInteger();
    static final String PROPOSE_NOTE = "capability:firestore.ops_note.append:propose";
    static final String EXECUTE_NOTE = "capability:firestore.ops_note.append:execute";
    static final String PROPOSE_KILN = "capability:hubitat.device.command:propose";

    final TestDatabase db;
    /** A studio of its own for each fixture, so that tests sharing a database do not see each other's rows. */
    final String tenant = "studio-" + STUDIOS.incrementAndGet();
    final Actor staff = Actor.staff("uid-mara", tenant, Set.of("staff"));
    final MutableClock clock = new MutableClock(T0);
    final DelegationSigningKey key;
    final DelegationService service;

    DelegationFixture(TestDatabase db, Path dataDir) {
        this.db = db;
        key = DelegationSigningKey.loadOrCreate(dataDir);
        service = new DelegationService(clock, () -> db.hub, key, tenant);
    }

    IssuedDelegation issue(String ownerUid, String agentUid, Set<String> scopes, Duration ttl) {
        return service.issue(staff, ownerUid, agentUid, scopes, ttl);
    }

    IssuedDelegation issueGlazeBot() {
        return issue("uid-ada", "agent-glaze-bot", Set.of(PROPOSE_NOTE, PROPOSE_KILN), Duration.ofDays(7));
    }

    /** The claims a token for this delegation carries now, for the test to change and sign. */
    JWTClaimsSet.Builder claimsOf(Delegation d) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer("studio-brain")
                .subject(d.agentUid())
                .claim("delegation_id", d.id().toString())
                .claim("owner_uid", d.ownerUid())
                .claim("tenant_id", d.tenantId())
                .claim("scopes", List.copyOf(d.scopes()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Signs claims with the hub's real key and header, as the hub itself would. */
    String signWithHubKey(JWTClaimsSet claims) {
        return signWith(key, claims);
    }

    static String signWith(DelegationSigningKey signingKey, JWTClaimsSet claims) {
        return signWith(signingKey, signingKey.keyId(), claims);
    }

    static String signWith(DelegationSigningKey signingKey, String keyId, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("studio-brain-delegation+jwt")).keyID(keyId).build(), claims);
        try {
            jwt.sign(signingKey.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    String signWithHubKey(Delegation d, UnaryOperator<JWTClaimsSet.Builder> change) {
        return signWithHubKey(change.apply(claimsOf(d)).build());
    }
}
