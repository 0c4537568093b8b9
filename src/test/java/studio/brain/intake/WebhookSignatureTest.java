package studio.brain.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import studio.brain.intake.WebhookRejected.Reason;

class WebhookSignatureTest {
    // The Standard Webhooks specification's published example (also in the reference libraries' tests).
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SPEC_TIMESTAMP = "1614265330";
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant SPEC_NOW = Instant.ofEpochSecond(1614265330);

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final byte[] BODY = "{\"kind\":\"flag\",\"workId\":\"w-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signReproducesTheSpecificationExample() {
        assertThat(WebhookSignature.sign(SPEC_SECRET, SPEC_ID, 1614265330L, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void verifyAcceptsTheSpecificationExample() {
        WebhookSignature check = new WebhookSignature(WebhookSecrets.parse(SPEC_SECRET));
        assertThat(check.verify(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE, SPEC_BODY, SPEC_NOW)).isEqualTo(SPEC_NOW);
    }

    @Test
    void aValidDeliveryIsAccepted() {
        String secret = newSecret();
        String signature = WebhookSignature.sign(secret, "msg_1", NOW.getEpochSecond(), BODY);
        assertThat(checker(secret).verify("msg_1", seconds(NOW), signature, BODY, NOW)).isEqualTo(NOW);
    }

    @Test
    void aChangedBodyIdOrTimestampIsRefused() {
        String secret = newSecret();
        String signature = WebhookSignature.sign(secret, "msg_1", NOW.getEpochSecond(), BODY);
        WebhookSignature check = checker(secret);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] ^= 1;
        assertRejected(() -> check.verify("msg_1", seconds(NOW), signature, tampered, NOW), Reason.BAD_SIGNATURE);
        assertRejected(() -> check.verify("msg_2", seconds(NOW), signature, BODY, NOW), Reason.BAD_SIGNATURE);
        assertRejected(() -> check.verify("msg_1", seconds(NOW.plusSeconds(1)), signature, BODY, NOW),
                Reason.BAD_SIGNATURE);
    }

    @Test
    void aSignatureUnderAnotherSecretIsRefusedWithoutShowingWhatWasExpected() {
        String secret = newSecret();
        String expected = WebhookSignature.sign(secret, "msg_1", NOW.getEpochSecond(), BODY);
        String forged = WebhookSignature.sign(newSecret(), "msg_1", NOW.getEpochSecond(), BODY);
        assertThatThrownBy(() -> checker(secret).verify("msg_1", seconds(NOW), forged, BODY, NOW))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
                    assertThat(e.getMessage()).doesNotContain(expected.substring(3))
                            .doesNotContain(secret.substring(6)).doesNotContain(secret);
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void garbageSignaturesAreRefused() {
        WebhookSignature check = checker(newSecret());
        for (String header : new String[] {"v1,not-base64!", "v1,", "v1", "v1,AAAA", "nonsense", ","}) {
            assertRejected(() -> check.verify("msg_1", seconds(NOW), header, BODY, NOW), Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void timestampsMoreThanFiveMinutesAwayAreRefused() {
        String secret = newSecret();
        WebhookSignature check = checker(secret);
        Instant old = NOW.minusSeconds(301);
        Instant future = NOW.plusSeconds(301);
        assertRejected(() -> check.verify("msg_1", seconds(old),
                WebhookSignature.sign(secret, "msg_1", old.getEpochSecond(), BODY), BODY, NOW), Reason.TOO_OLD);
        assertRejected(() -> check.verify("msg_1", seconds(future),
                WebhookSignature.sign(secret, "msg_1", future.getEpochSecond(), BODY), BODY, NOW),
                Reason.IN_THE_FUTURE);
        for (Instant edge : new Instant[] {NOW.minusSeconds(300), NOW.plusSeconds(300)}) {
            String signature = WebhookSignature.sign(secret, "msg_1", edge.getEpochSecond(), BODY);
            assertThat(check.verify("msg_1", seconds(edge), signature, BODY, NOW)).isEqualTo(edge);
        }
    }

    @Test
    void aTimestampThatIsNotUnixSecondsIsRefused() {
        WebhookSignature check = checker(newSecret());
        for (String timestamp : new String[] {"2026-11-30T10:00:00Z", "-5", "1.5", "abc", "1234567890123456789012"}) {
            assertRejected(() -> check.verify("msg_1", timestamp, "v1,AAAA", BODY, NOW), Reason.BAD_TIMESTAMP);
        }
    }

    @Test
    void missingHeadersAreRefusedByName() {
        WebhookSignature check = checker(newSecret());
        assertRejected(() -> check.verify(null, seconds(NOW), "v1,AAAA", BODY, NOW), Reason.MISSING_HEADERS);
        assertRejected(() -> check.verify("msg_1", " ", "v1,AAAA", BODY, NOW), Reason.MISSING_HEADERS);
        assertThatThrownBy(() -> check.verify("msg_1", null, "", BODY, NOW))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MISSING_HEADERS);
                    assertThat(e.getMessage()).contains("webhook-timestamp", "webhook-signature")
                            .doesNotContain("webhook-id");
                });
    }

    @Test
    void anyOfSeveralSignaturesMayMatchAndOtherVersionsAreIgnored() {
        String secret = newSecret();
        String good = WebhookSignature.sign(secret, "msg_1", NOW.getEpochSecond(), BODY);
        String other = WebhookSignature.sign(newSecret(), "msg_1", NOW.getEpochSecond(), BODY);
        WebhookSignature check = checker(secret);
        assertThat(check.verify("msg_1", seconds(NOW), other + " v1a,xyz " + good, BODY, NOW)).isEqualTo(NOW);
        assertThat(check.verify("msg_1", seconds(NOW), good + "  " + other, BODY, NOW)).isEqualTo(NOW);
        // The right bytes under another version name do not count.
        String relabelled = "v2," + good.substring(3);
        assertRejected(() -> check.verify("msg_1", seconds(NOW), relabelled + " " + other, BODY, NOW),
                Reason.BAD_SIGNATURE);
    }

    @Test
    void duringARotationBothSecretsAreAcceptedUntilTheOldOneEnds() {
        String oldSecret = newSecret();
        String newSecret = newSecret();
        Instant end = NOW.plusSeconds(3600);
        WebhookSecrets secrets = WebhookSecrets.parse(newSecret + "; " + oldSecret + "@" + end);
        WebhookSignature check = new WebhookSignature(secrets);

        for (Instant at : new Instant[] {NOW, end.minusSeconds(1)}) {
            assertThat(secrets.active(at)).hasSize(2);
            for (String secret : new String[] {oldSecret, newSecret}) {
                String signature = WebhookSignature.sign(secret, "msg_r", at.getEpochSecond(), BODY);
                assertThat(check.verify("msg_r", seconds(at), signature, BODY, at)).isEqualTo(at);
            }
        }
        for (Instant at : new Instant[] {end, end.plusSeconds(86_400)}) {
            assertThat(secrets.active(at)).hasSize(1);
            String viaOld = WebhookSignature.sign(oldSecret, "msg_r", at.getEpochSecond(), BODY);
            assertRejected(() -> check.verify("msg_r", seconds(at), viaOld, BODY, at), Reason.BAD_SIGNATURE);
            String viaNew = WebhookSignature.sign(newSecret, "msg_r", at.getEpochSecond(), BODY);
            assertThat(check.verify("msg_r", seconds(at), viaNew, BODY, at)).isEqualTo(at);
            // A sender still signing with both is accepted through the new one.
            assertThat(check.verify("msg_r", seconds(at), viaOld + " " + viaNew, BODY, at)).isEqualTo(at);
        }
    }

    @Test
    void whenEverySecretHasEndedNothingIsAccepted() {
        String secret = newSecret();
        Instant end = NOW.minusSeconds(1);
        WebhookSignature check = new WebhookSignature(WebhookSecrets.parse(secret + "@" + end));
        String signature = WebhookSignature.sign(secret, "msg_1", NOW.getEpochSecond(), BODY);
        assertRejected(() -> check.verify("msg_1", seconds(NOW), signature, BODY, NOW), Reason.BAD_SIGNATURE);
    }

    @Test
    void anEmptyBodyIsSignedLikeAnyOther() {
        String secret = newSecret();
        String signature = WebhookSignature.sign(secret, "msg_1", NOW.getEpochSecond(), new byte[0]);
        assertThat(checker(secret).verify("msg_1", seconds(NOW), signature, new byte[0], NOW)).isEqualTo(NOW);
        assertRejected(() -> checker(secret).verify("msg_1", seconds(NOW), signature, BODY, NOW),
                Reason.BAD_SIGNATURE);
    }

    static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static WebhookSignature checker(String secret) {
        return new WebhookSignature(WebhookSecrets.parse(secret));
    }

    private static String seconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }

    private static void assertRejected(Runnable call, Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WebhookRejected.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
