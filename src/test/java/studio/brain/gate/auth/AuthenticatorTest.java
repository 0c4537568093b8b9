package studio.brain.gate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static studio.brain.gate.auth.DelegationFixture.T0;
import static studio.brain.gate.auth.Refusals.assertRefused;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.config.Secret;
import studio.brain.config.StaffAuthMode;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.ledger.ActorType;
import studio.brain.testing.CapturedOutput;
import studio.brain.testing.TestDatabase;

/** One header in, one actor out: each credential only as what its scheme and the hub's sign-in mode say. */
class AuthenticatorTest {
    private static TestDatabase db;
    private static RSAKey firebaseKey;

    @TempDir
    Path dataDir;

    private DelegationFixture fx;
    private FakeFirebaseKeys google;
    private LocalAdminToken adminToken;
    private String adminValue;
    private Authenticator local;
    private Authenticator firebase;

    @BeforeAll
    static void setUp() {
        db = new TestDatabase();
        firebaseKey = FirebaseTokens.newKey("fb-key-1");
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @BeforeEach
    void hub() throws Exception {
        fx = new DelegationFixture(db, dataDir);
        google = new FakeFirebaseKeys(firebaseKey);
        adminToken = LocalAdminToken.loadOrCreate(dataDir, fx.tenant);
        adminValue = Files.readString(dataDir.resolve("admin-token")).trim();
        local = Authenticator.localToken(adminToken, fx.service);
        firebase = Authenticator.firebase(
                new FirebaseIdTokenVerifier(FirebaseTokens.PROJECT, fx.tenant, google.url(), fx.clock), fx.service);
    }

    @AfterEach
    void stop() {
        google.close();
    }

    private String idToken(String uid) {
        return FirebaseTokens.sign(firebaseKey, FirebaseTokens.staffClaims(uid, T0).build());
    }

    @Test
    void theAdminTokenSignsInTheLocalAdministratorInLocalTokenMode() {
        Actor admin = local.authenticate("Bearer " + adminValue);

        assertThat(local.mode()).isEqualTo(StaffAuthMode.LOCAL_TOKEN);
        assertThat(admin.id()).isEqualTo("local-admin");
        assertThat(admin.roles()).containsExactlyInAnyOrder("admin", "staff");
        assertThat(local.authenticate("bearer " + adminValue).id()).isEqualTo("local-admin");
    }

    @Test
    void aWrongAdminTokenOrAFirebaseTokenIsRefusedInLocalTokenMode() {
        String wrong = adminValue.substring(1) + "A";
        String idToken = idToken("uid-mara");

        assertRefused(() -> local.authenticate("Bearer " + wrong), ReasonCode.NOT_AUTHENTICATED, "admin token", wrong);
        assertRefused(() -> local.authenticate("Bearer " + idToken), ReasonCode.NOT_AUTHENTICATED, "admin token",
                idToken);
    }

    @Test
    void aFirebaseTokenSignsInStaffInFirebaseModeAndTheAdminTokenDoesNot() {
        Actor staff = firebase.authenticate("Bearer " + idToken("uid-mara"));

        assertThat(firebase.mode()).isEqualTo(StaffAuthMode.FIREBASE);
        assertThat(staff.type()).isEqualTo(ActorType.STAFF);
        assertThat(staff.id()).isEqualTo("uid-mara");
        assertRefused(() -> firebase.authenticate("Bearer " + adminValue), ReasonCode.NOT_AUTHENTICATED,
                "not a signed JWT", adminValue);
    }

    @Test
    void aDelegationTokenSignsInItsAgentInEitherMode() {
        String token = fx.issueGlazeBot().token().value().reveal();

        for (Authenticator authenticator : List.of(local, firebase)) {
            Actor agent = authenticator.authenticate("Delegation " + token);
            assertThat(agent.type()).isEqualTo(ActorType.AGENT);
            assertThat(agent.id()).isEqualTo("agent-glaze-bot");
            assertThat(agent.ownerUid()).isEqualTo("uid-ada");
        }
    }

    @Test
    void anAgentCannotPoseAsStaffWithItsDelegationToken() {
        String token = fx.issueGlazeBot().token().value().reveal();

        assertRefused(() -> local.authenticate("Bearer " + token), ReasonCode.NOT_AUTHENTICATED, "admin token", token);
        assertRefused(() -> firebase.authenticate("Bearer " + token), ReasonCode.NOT_AUTHENTICATED, "RS256", token);
    }

    @Test
    void staffCredentialsAreNotDelegationTokens() {
        String idToken = idToken("uid-mara");

        assertRefused(() -> firebase.authenticate("Delegation " + idToken), ReasonCode.NOT_AUTHENTICATED, "HS256",
                idToken);
        assertRefused(() -> local.authenticate("Delegation " + adminValue), ReasonCode.NOT_AUTHENTICATED,
                "not a signed JWT", adminValue);
    }

    @Test
    void aMissingUnknownOrGarbledHeaderIsNotAuthenticated() {
        assertRefused(() -> local.authenticate(null), ReasonCode.NOT_AUTHENTICATED, "no Authorization header", null);
        assertRefused(() -> local.authenticate("  "), ReasonCode.NOT_AUTHENTICATED, "no Authorization header", null);
        assertRefused(() -> local.authenticate("Bearer"), ReasonCode.NOT_AUTHENTICATED, "<scheme> <credential>",
                null);
        assertRefused(() -> local.authenticate("Bearer " + adminValue + " extra"), ReasonCode.NOT_AUTHENTICATED,
                "malformed", adminValue);
        assertRefused(() -> local.authenticate("Bearer \"" + adminValue + "\""), ReasonCode.NOT_AUTHENTICATED,
                "malformed", adminValue);
        assertRefused(() -> local.authenticate("Basic dXNlcjpwYXNzd29yZA=="), ReasonCode.NOT_AUTHENTICATED,
                "unknown authorization scheme", "dXNlcjpwYXNzd29yZA==");
        assertRefused(() -> local.authenticate(adminValue), ReasonCode.NOT_AUTHENTICATED, "<scheme> <credential>",
                adminValue);
        assertRefused(() -> local.authenticate("Bearer " + "a".repeat(20_000)), ReasonCode.NOT_AUTHENTICATED,
                "too long", null);
    }

    @Test
    void noCredentialOrKeyEverReachesTheLogOrAnErrorMessage() throws Exception {
        String delegationKey = Files.readString(dataDir.resolve("delegation-signing.key")).trim();
        String idToken = idToken("uid-mara");
        String memberToken = FirebaseTokens.sign(firebaseKey,
                FirebaseTokens.staffClaims("uid-member", T0).claim("staff", null).build());
        List<String> messages = new ArrayList<>();
        IssuedDelegation issued;
        String delegationToken;

        String log;
        try (CapturedOutput out = new CapturedOutput()) {
            issued = fx.issueGlazeBot();
            delegationToken = issued.token().value().reveal();
            messages.add(fx.service.mintToken(fx.staff, issued.delegation().id()).toString());
            local.authenticate("Bearer " + adminValue);
            firebase.authenticate("Bearer " + idToken);
            local.authenticate("Delegation " + delegationToken);
            String[] attempts = {"Bearer " + adminValue + "x", "Bearer " + delegationToken, "Delegation " + idToken,
                    "Delegation " + adminValue, "Bearer " + memberToken};
            for (String header : attempts) {
                for (Authenticator authenticator : List.of(local, firebase)) {
                    try {
                        authenticator.authenticate(header);
                    } catch (AuthenticationException e) {
                        messages.add(e.getMessage());
                        messages.addAll(e.trace());
                    }
                }
            }
            fx.service.revoke(fx.staff, issued.delegation().id(), "end of test");
            try {
                local.authenticate("Delegation " + delegationToken);
            } catch (AuthenticationException e) {
                messages.add(e.getMessage());
                messages.addAll(e.trace());
            }
            log = out.text();
        }

        assertThat(log).contains("auth.refused", "delegation.denied", "delegation.issued", "delegation.token_minted",
                "delegation.revoked");
        List<String> secrets = List.of(adminValue, delegationKey, delegationToken, idToken, memberToken);
        // Not even masked: nothing tried to write them (a mask would show that something did).
        assertThat(log).doesNotContain(Secret.MASK);
        assertThat(messages.get(0)).contains("value=" + Secret.MASK);
        String everything = log + String.join("\n", messages)
                + String.join("\n", fx.service.denials().recent(fx.tenant, 100).toString());
        for (String secret : secrets) {
            Refusals.assertNoPieceOf(secret, everything);
        }
        assertThat(messages).hasSizeGreaterThan(10);
        assertThat(issued.toString()).doesNotContain(delegationToken);
    }
}
