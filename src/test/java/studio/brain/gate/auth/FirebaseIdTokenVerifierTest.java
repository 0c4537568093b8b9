package studio.brain.gate.auth;

import studio.brain.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.gate.auth.FirebaseTokens.PROJECT;
import static studio.brain.gate.auth.FirebaseTokens.sign;
import static studio.brain.gate.auth.FirebaseTokens.staffClaims;
import static studio.brain.gate.auth.Refusals.assertRefused;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.ledger.ActorType;
import studio.brain.testing.CapturedOutput;

/** Firebase ID tokens checked with real RS256 signatures against keys served over real HTTP. */
class FirebaseIdTokenVerifierTest {
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static RSAKey firebaseKey;
    private static RSAKey rotatedKey;
    private static RSAKey strangerKey;

    private final MutableClock clock = new MutableClock(T0);
    private final FakeFirebaseKeys google = new FakeFirebaseKeys(firebaseKey);
    private final FirebaseIdTokenVerifier verifier =
            new FirebaseIdTokenVerifier(PROJECT, "studio-main", google.url(), clock);

    @BeforeAll
    static void keys() {
        firebaseKey = FirebaseTokens.newKey("fb-key-1");
        rotatedKey = FirebaseTokens.newKey("fb-key-2");
        // Same key id as Firebase's, different key: what a forger would try.
        strangerKey = FirebaseTokens.newKey("fb-key-1");
    }

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void aValidStaffTokenSignsInTheStaffMember() {
        Actor actor = verifier.verify(sign(firebaseKey, staffClaims("uid-mara", T0).build()));

        assertThat(actor.type()).isEqualTo(ActorType.STAFF);
        assertThat(actor.id()).isEqualTo("uid-mara");
        assertThat(actor.tenantId()).isEqualTo("studio-main");
        assertThat(actor.roles()).containsExactly("staff");
        assertThat(actor.ownerUid()).isNull();
        assertThat(actor.delegationId()).isNull();
    }

    @Test
    void anAdminClaimGivesTheAdminAndStaffRoles() {
        JWTClaimsSet claims = staffClaims("uid-owner", T0).claim("staff", null).claim("admin", true).build();

        assertThat(verifier.verify(sign(firebaseKey, claims)).roles()).containsExactlyInAnyOrder("admin", "staff");
    }

    @Test
    void aMatchingTenantClaimIsAccepted() {
        JWTClaimsSet claims = staffClaims("uid-mara", T0).claim("tenantId", "studio-main").build();

        assertThat(verifier.verify(sign(firebaseKey, claims)).tenantId()).isEqualTo("studio-main");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = sign(strangerKey, staffClaims("uid-mara", T0).build());

        assertRefused(() -> verifier.verify(forged), ReasonCode.NOT_AUTHENTICATED, "signature", forged);
    }

    @Test
    void aTokenForAnotherProjectIsRefused() {
        String otherAudience = sign(firebaseKey, staffClaims("uid-mara", T0).audience("someone-elses-app").build());
        String otherIssuer = sign(firebaseKey, staffClaims("uid-mara", T0)
                .issuer("https://securetoken.google.com/someone-elses-app").build());
        String twoAudiences = sign(firebaseKey, staffClaims("uid-mara", T0)
                .audience(List.of(PROJECT, "someone-elses-app")).build());

        assertRefused(() -> verifier.verify(otherAudience), ReasonCode.NOT_AUTHENTICATED, "audience", otherAudience);
        assertRefused(() -> verifier.verify(otherIssuer), ReasonCode.NOT_AUTHENTICATED, "issued", otherIssuer);
        assertRefused(() -> verifier.verify(twoAudiences), ReasonCode.NOT_AUTHENTICATED, "audience", twoAudiences);
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheSkewIsUsedUp() {
        String token = sign(firebaseKey, staffClaims("uid-mara", T0).build());

        clock.advance(Duration.ofSeconds(3540).plus(FirebaseIdTokenVerifier.CLOCK_SKEW).minusSeconds(1));
        assertThat(verifier.verify(token).id()).isEqualTo("uid-mara");

        clock.advance(Duration.ofSeconds(1));
        assertRefused(() -> verifier.verify(token), ReasonCode.NOT_AUTHENTICATED, "expired", token);
    }

    @Test
    void aTokenFromTheFutureIsRefused() {
        Instant later = T0.plus(Duration.ofMinutes(10));
        String issuedLater = sign(firebaseKey, staffClaims("uid-mara", later).build());
        String signedInLater = sign(firebaseKey, staffClaims("uid-mara", T0)
                .claim("auth_time", later.getEpochSecond()).build());
        String notBeforeLater = sign(firebaseKey, staffClaims("uid-mara", T0).notBeforeTime(Date.from(later)).build());

        assertRefused(() -> verifier.verify(issuedLater), ReasonCode.NOT_AUTHENTICATED, "not valid yet", issuedLater);
        assertRefused(() -> verifier.verify(signedInLater), ReasonCode.NOT_AUTHENTICATED, "auth_time", signedInLater);
        assertRefused(() -> verifier.verify(notBeforeLater), ReasonCode.NOT_AUTHENTICATED, "not valid yet",
                notBeforeLater);
    }

    @Test
    void aTokenWithoutTheTimesFirebasePutsInIsRefused() {
        String noAuthTime = sign(firebaseKey, staffClaims("uid-mara", T0).claim("auth_time", null).build());
        String noExpiry = sign(firebaseKey, staffClaims("uid-mara", T0).expirationTime(null).build());

        assertRefused(() -> verifier.verify(noAuthTime), ReasonCode.NOT_AUTHENTICATED, "auth_time", noAuthTime);
        assertRefused(() -> verifier.verify(noExpiry), ReasonCode.NOT_AUTHENTICATED, "exp", noExpiry);
    }

    @Test
    void aSignedInMemberWithoutAStaffClaimIsForbidden() {
        String member = sign(firebaseKey, staffClaims("uid-member", T0).claim("staff", null).build());
        String stringly = sign(firebaseKey, staffClaims("uid-member", T0).claim("staff", "true").build());
        String notStaff = sign(firebaseKey, staffClaims("uid-member", T0).claim("staff", false).build());

        assertRefused(() -> verifier.verify(member), ReasonCode.FORBIDDEN, "not staff", member);
        assertRefused(() -> verifier.verify(stringly), ReasonCode.FORBIDDEN, "not staff", stringly);
        assertRefused(() -> verifier.verify(notStaff), ReasonCode.FORBIDDEN, "not staff", notStaff);
    }

    @Test
    void anEmptySubjectIsRefused() {
        String token = sign(firebaseKey, staffClaims("uid-mara", T0).subject("").build());

        assertRefused(() -> verifier.verify(token), ReasonCode.NOT_AUTHENTICATED, "sub", token);
    }

    @Test
    void aTokenOfAnotherStudioIsATenantMismatch() {
        String token = sign(firebaseKey, staffClaims("uid-mara", T0).claim("tenantId", "studio-elsewhere").build());

        assertRefused(() -> verifier.verify(token), ReasonCode.TENANT_MISMATCH, "another studio", token);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        // "alg": "none" and an empty signature part: accepted by verifiers that trust the header.
        String none = new PlainJWT(staffClaims("uid-mara", T0).claim("admin", true).build()).serialize();

        assertRefused(() -> verifier.verify(none), ReasonCode.NOT_AUTHENTICATED, "not a signed JWT", none);
    }

    @Test
    void anHmacTokenKeyedWithFirebasesPublicKeyIsRefused() throws Exception {
        // The classic algorithm confusion: HS256 "signed" with the public RSA key a verifier might use as secret.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("fb-key-1").build(),
                staffClaims("uid-mara", T0).claim("admin", true).build());
        jwt.sign(new MACSigner(firebaseKey.toRSAPublicKey().getEncoded()));
        String token = jwt.serialize();

        assertRefused(() -> verifier.verify(token), ReasonCode.NOT_AUTHENTICATED, "RS256", token);
    }

    @Test
    void garbageIsRefusedWithoutEchoingIt() {
        assertRefused(() -> verifier.verify("not-a-jwt"), ReasonCode.NOT_AUTHENTICATED, "not a signed JWT",
                "not-a-jwt");
        assertRefused(() -> verifier.verify(""), ReasonCode.NOT_AUTHENTICATED, "no Firebase ID token", null);
        assertRefused(() -> verifier.verify(null), ReasonCode.NOT_AUTHENTICATED, "no Firebase ID token", null);
    }

    @Test
    void aTokenCarryingDelegationClaimsNeverSignsInStaff() {
        JWTClaimsSet claims = staffClaims("agent-glaze-bot", T0).claim("admin", true)
                .claim("delegation_id", "0b7f6c7e-2f64-4d7c-a7a6-7d1b0b5b8c11").build();
        String token = sign(firebaseKey, claims);

        assertRefused(() -> verifier.verify(token), ReasonCode.FORBIDDEN, "agent credential", token);
    }

    @Test
    void keysAreCachedForTheirMaxAge() {
        verifier.verify(sign(firebaseKey, staffClaims("uid-mara", T0).build()));
        verifier.verify(sign(firebaseKey, staffClaims("uid-ivo", T0).build()));
        assertThat(google.fetches()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(19845));
        verifier.verify(sign(firebaseKey, staffClaims("uid-mara", clock.instant()).build()));
        assertThat(google.fetches()).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIdFetchesTheKeysAgainSoARotationIsPickedUp() {
        verifier.verify(sign(firebaseKey, staffClaims("uid-mara", T0).build()));
        google.publish(firebaseKey, rotatedKey);

        clock.advance(FirebaseSigningKeys.REFETCH_INTERVAL);
        Actor actor = verifier.verify(sign(rotatedKey, staffClaims("uid-mara", clock.instant()).build()));

        assertThat(actor.id()).isEqualTo("uid-mara");
        assertThat(google.fetches()).isEqualTo(2);
    }

    @Test
    void madeUpKeyIdsDoNotMakeTheHubRefetchOnEveryRequest() {
        verifier.verify(sign(firebaseKey, staffClaims("uid-mara", T0).build()));
        for (int i = 0; i < 20; i++) {
            String token = sign(strangerKey, "made-up-" + i, staffClaims("uid-mara", T0).build());
            assertRefused(() -> verifier.verify(token), ReasonCode.NOT_AUTHENTICATED, "does not publish", token);
        }

        assertThat(google.fetches()).isEqualTo(1);
    }

    @Test
    void whenTheKeysCannotBeFetchedNoTokenIsAccepted() {
        google.failWith(503);
        String token = sign(firebaseKey, staffClaims("uid-mara", T0).build());

        assertRefused(() -> verifier.verify(token), ReasonCode.NOT_AUTHENTICATED, "could not be fetched", token);

        google.failWith(200);
        clock.advance(FirebaseSigningKeys.REFETCH_INTERVAL);
        assertThat(verifier.verify(token).id()).isEqualTo("uid-mara");
    }

    @Test
    void keysAreFetchedOnlyOverHttpsOrFromThisMachine() {
        URI plainRemote = URI.create("http://keys.example.com/jwks");

        assertThatThrownBy(() -> new FirebaseIdTokenVerifier(PROJECT, "studio-main", plainRemote, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }

    @Test
    void refusalsAreLoggedWithoutTheToken() {
        String forged = sign(strangerKey, staffClaims("uid-mara", T0).build());
        String valid = sign(firebaseKey, staffClaims("uid-mara", T0).build());
        try (CapturedOutput out = new CapturedOutput()) {
            verifier.verify(valid);
            assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(AuthenticationException.class);
            String log = out.text();
            assertThat(log).contains("auth.firebase_keys_fetched");
            for (String part : (valid + "." + forged).split("\\.")) {
                assertThat(log).doesNotContain(part);
            }
        }
    }
}
