package studio.brain.gate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.gate.auth.DelegationFixture.T0;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.gate.ReasonCode;
import studio.brain.testing.CapturedOutput;
import studio.brain.testing.TestDatabase;

/** Every refused delegation token leaves a record with its trace, for staff to read back. */
class DelegationDenialsTest {
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
    void aRefusalIsRecordedWithItsReasonAgentDelegationAndTrace() {
        IssuedDelegation issued = fx.issueGlazeBot();
        fx.service.revoke(fx.staff, issued.delegation().id(), "kiln bot retired");
        fx.clock.advance(Duration.ofSeconds(5));

        assertThatThrownBy(() -> fx.service.resolve(issued.token().value().reveal()))
                .isInstanceOf(AuthenticationException.class);

        List<DelegationDenial> denials = fx.service.denials().recent(fx.tenant, 10);
        assertThat(denials).hasSize(1);
        DelegationDenial denial = denials.get(0);
        assertThat(denial.reason()).isEqualTo(ReasonCode.DELEGATION_REVOKED);
        assertThat(denial.tenantId()).isEqualTo(fx.tenant);
        assertThat(denial.agentUid()).isEqualTo("agent-glaze-bot");
        assertThat(denial.delegationId()).isEqualTo(issued.delegation().id());
        assertThat(denial.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(denial.message()).contains("was revoked").contains("by uid-mara");
        assertThat(denial.trace()).startsWith("credential: delegation token");
        assertThat(denial.trace().get(1)).startsWith("signature: valid");
        assertThat(denial.trace()).last().asString().startsWith("refused: delegation " + issued.delegation().id()
                + " was revoked");
    }

    @Test
    void anUnverifiedTokenIsRecordedWithoutTheAgentItClaims() {
        Delegation d = fx.issueGlazeBot().delegation();
        String forged = DelegationFixture.signWith(DelegationSigningKey.generate(), fx.key.keyId(),
                fx.claimsOf(d).build());

        assertThatThrownBy(() -> fx.service.resolve(forged)).isInstanceOf(AuthenticationException.class);

        DelegationDenial denial = fx.service.denials().recent(fx.tenant, 10).get(0);
        assertThat(denial.reason()).isEqualTo(ReasonCode.NOT_AUTHENTICATED);
        assertThat(denial.agentUid()).isNull();
        assertThat(denial.delegationId()).isNull();
        assertThat(denial.trace()).containsExactly("credential: delegation token",
                "refused: the token's signature does not verify with this hub's delegation key");
        Refusals.assertNoPieceOf(forged, String.join("\n", denial.trace()) + denial.message());
    }

    @Test
    void denialsAreListedNewestFirstPerStudioAndAcceptedTokensLeaveNone() {
        IssuedDelegation issued = fx.issueGlazeBot();
        fx.service.resolve(issued.token().value().reveal());
        for (String garbage : List.of("a.b.c", "not-a-token", "x.y")) {
            fx.clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> fx.service.resolve(garbage)).isInstanceOf(AuthenticationException.class);
        }
        fx.clock.advance(Duration.ofMinutes(15));
        assertThatThrownBy(() -> fx.service.resolve(issued.token().value().reveal()))
                .isInstanceOf(AuthenticationException.class);

        List<DelegationDenial> denials = fx.service.denials().recent(fx.tenant, 10);
        assertThat(denials).hasSize(4);
        assertThat(denials.get(0).message()).contains("token has expired");
        assertThat(denials).extracting(DelegationDenial::at).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(fx.service.denials().recent(fx.tenant, 2)).hasSize(2);
        assertThat(fx.service.denials().recent(fx.tenant, 0)).hasSize(1);
        assertThat(fx.service.denials().recent("studio-nobody", 10)).isEmpty();
    }

    @Test
    void aRefusalStandsWhenItsRecordCannotBeWritten() {
        DelegationService unreachable = new DelegationService(fx.clock, () -> {
            throw new IllegalStateException("the database is down");
        }, fx.key, fx.tenant);

        try (CapturedOutput out = new CapturedOutput()) {
            assertThatThrownBy(() -> unreachable.resolve("a.b.c")).isInstanceOfSatisfying(
                    AuthenticationException.class, e -> assertThat(e.reason()).isEqualTo(ReasonCode.NOT_AUTHENTICATED));
            assertThat(out.text()).contains("delegation.denial_not_recorded");
        }
    }

    @Test
    void issuingAndRevokingAreNotDenials() {
        IssuedDelegation issued = fx.issue("uid-ada", "agent-x", Set.of(DelegationFixture.PROPOSE_NOTE),
                Duration.ofHours(1));
        fx.service.revoke(fx.staff, issued.delegation().id(), "done");

        assertThat(fx.service.denials().recent(fx.tenant, 10)).isEmpty();
    }
}
