package studio.brain.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {
    private static final String A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String B = WebhookSignatureTest.newSecret();

    @Test
    void oneSecretWithoutAnEndIsAlwaysActive() {
        WebhookSecrets secrets = WebhookSecrets.parse(A);
        assertThat(secrets.all()).hasSize(1);
        assertThat(secrets.all().get(0).validUntil()).isEmpty();
        assertThat(secrets.active(Instant.parse("2999-01-01T00:00:00Z"))).hasSize(1);
    }

    @Test
    void anEndDateBoundsASecretExclusively() {
        Instant end = Instant.parse("2026-12-31T00:00:00Z");
        WebhookSecrets secrets = WebhookSecrets.parse(" " + B + " ; " + A + " @ 2026-12-31T00:00:00Z ");
        assertThat(secrets.all()).hasSize(2);
        assertThat(secrets.all().get(1).validUntil()).contains(end);
        assertThat(secrets.active(end.minusNanos(1))).hasSize(2);
        assertThat(secrets.active(end)).containsExactly(secrets.all().get(0));
    }

    @Test
    void textNeverShowsAKey() {
        WebhookSecrets secrets = WebhookSecrets.parse(B + ";" + A + "@2026-12-31T00:00:00Z");
        assertThat(secrets.toString()).doesNotContain(A.substring(6)).doesNotContain(B.substring(6));
        assertThat(secrets.all().toString()).doesNotContain(A.substring(6)).doesNotContain(B.substring(6))
                .contains("2026-12-31T00:00:00Z");
    }

    @Test
    void malformedValuesAreRefusedByPositionWithoutEchoingTheSecret() {
        String shortKey = "whsec_c2hvcnQ=";
        String[][] cases = {
            // value, position expected in the message, secret text that must not appear
            {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "entry 1 of 1", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
            {A + ";whsec_MfKQ9r8GKYqr-TwjUPD8ILPZIo2LaLaS", "entry 2 of 2", "MfKQ9r8GKYqr-TwjUPD8ILPZIo2LaLaS"},
            {A + ";" + B + ";" + shortKey, "entry 3 of 3", "c2hvcnQ"},
            {A + "@tomorrow", "entry 1 of 1", A.substring(6)},
            {A + "@2026-12-31", "entry 1 of 1", A.substring(6)},
            {A + ";", "entry 2 of 2", A.substring(6)},
            {B + ";" + B, "entry 2 of 2", B.substring(6)},
            {"secret_" + A.substring(6), "entry 1 of 1", A.substring(6)},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> WebhookSecrets.parse(c[0]))
                    .as(c[1])
                    .isInstanceOfSatisfying(IllegalArgumentException.class, e -> {
                        assertThat(e.getMessage()).contains(WebhookSecrets.SUBJECT, c[1]).doesNotContain(c[2]);
                        assertThat(e.getCause()).isNull();
                    });
        }
    }

    @Test
    void anEmptyValueIsRefused() {
        for (String value : new String[] {null, "", "   "}) {
            assertThatThrownBy(() -> WebhookSecrets.parse(value)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is empty");
        }
    }

    @Test
    void signRefusesAMalformedSecretWithoutEchoingIt() {
        assertThatThrownBy(() -> WebhookSignature.sign("whsec_%%%%leak%%%%", "msg", 1L, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("leak");
    }
}
