package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import studio.brain.cloud.CloudReadException.ErrorKind;
import studio.brain.config.Secret;

/** The real stripe-java client against a loopback server that speaks Stripe's list API. */
class StripePaymentSourceTest {
    private static final String KEY = "rk_test_51FakeRestrictedKey0123456789";
    private static final long T0 = Instant.parse("2026-10-01T00:00:00Z").getEpochSecond();

    private FakeStripeServer stripe;

    @BeforeEach
    void start() throws Exception {
        stripe = new FakeStripeServer(KEY);
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    private StripePaymentSource source(String key) {
        return new StripePaymentSource(Secret.of(key), stripe.apiBase(), Duration.ofSeconds(5), 0);
    }

    private static List<Map<String, Object>> objects(PaymentObject object, String prefix, int n, long spacing) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", String.format("%s_%05d", prefix, i));
            item.put("object", object.objectName());
            item.put("amount", 1000 + i);
            item.put("currency", "usd");
            item.put("status", "succeeded");
            item.put("created", T0 + i * spacing);
            item.put("metadata", Map.of("orderId", "mo-" + i));
            items.add(item);
        }
        return items;
    }

    @Test
    void pagesThroughTwoHundredFiftyPaymentIntentsInThreePages() {
        stripe.add("payment_intents", objects(PaymentObject.PAYMENT_INTENTS, "pi", 250, 60));

        List<Map<String, Object>> all = source(KEY).list(PaymentObject.PAYMENT_INTENTS,
                Instant.ofEpochSecond(T0), Instant.ofEpochSecond(T0 + 250 * 60));

        assertThat(all).hasSize(250);
        assertThat(all).extracting(o -> o.get("id")).doesNotHaveDuplicates();
        assertThat(all.get(0)).containsEntry("id", "pi_00249").containsEntry("object", "payment_intent")
                .containsEntry("amount", 1249L).containsEntry("metadata", Map.of("orderId", "mo-249"));
        assertThat(stripe.requestCount()).isEqualTo(3);
        assertThat(stripe.requests().get(0)).startsWith("/v1/payment_intents?")
                .contains("limit=100", "created[gte]=" + T0, "created[lt]=" + (T0 + 250 * 60))
                .doesNotContain("starting_after");
        assertThat(stripe.requests().get(1)).contains("starting_after=pi_00150");
        assertThat(stripe.requests().get(2)).contains("starting_after=pi_00050");
    }

    @Test
    void keepsOnlyObjectsCreatedInTheHalfOpenWindow() {
        stripe.add("payment_intents", objects(PaymentObject.PAYMENT_INTENTS, "pi", 10, 100));

        List<Map<String, Object>> window = source(KEY).list(PaymentObject.PAYMENT_INTENTS,
                Instant.ofEpochSecond(T0 + 200), Instant.ofEpochSecond(T0 + 500));

        assertThat(window).extracting(o -> o.get("id")).containsExactly("pi_00004", "pi_00003", "pi_00002");
        // a fractional bound is rounded up: created >= 200.5 s starts at 300 s
        assertThat(source(KEY).list(PaymentObject.PAYMENT_INTENTS, Instant.ofEpochSecond(T0 + 200, 500_000_000),
                Instant.ofEpochSecond(T0 + 500))).extracting(o -> o.get("id")).containsExactly("pi_00004", "pi_00003");
        // an empty window asks nothing
        int before = stripe.requestCount();
        assertThat(source(KEY).list(PaymentObject.PAYMENT_INTENTS, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0))).isEmpty();
        assertThat(stripe.requestCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(PaymentObject.class)
    void readsEachPaymentObjectFromItsOwnEndpoint(PaymentObject object) {
        for (PaymentObject other : PaymentObject.values()) {
            stripe.add(other.pathSegment(), objects(other, other.pathSegment().substring(0, 3), 3, 10));
        }

        List<Map<String, Object>> items = source(KEY).list(object, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0 + 1000));

        assertThat(items).hasSize(3).allSatisfy(o -> assertThat(o).containsEntry("object", object.objectName()));
        assertThat(stripe.requests()).singleElement().asString().startsWith("/v1/" + object.pathSegment() + "?");
    }

    @Test
    void refusesAFullSecretKeyWithoutEchoingIt() {
        String secretKey = "sk_live_51SecretKeyThatMustNeverBePrinted";
        for (String key : List.of(secretKey, "pk_live_publishable123", "rk_test_has space", "rk_", "")) {
            assertThatThrownBy(() -> source(key))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("restricted")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.length() > 3 ? key : "\0"));
        }
        assertThatThrownBy(() -> new StripePaymentSource(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(stripe.requestCount()).isZero();
    }

    @Test
    void aKeyStripeDoesNotKnowIsAnAuthFailure() {
        String wrongKey = "rk_test_51SomeOtherRestrictedKey999";
        assertThatThrownBy(() -> source(wrongKey).list(PaymentObject.CHARGES, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0 + 10)))
                .isInstanceOfSatisfying(CloudReadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
                    assertThat(e.getMessage()).contains("HTTP 401").doesNotContain(wrongKey)
                            .doesNotContain(wrongKey.substring(wrongKey.length() - 4));
                });
    }

    @Test
    void aRateLimitIsUnavailableAndRetriedWhenAllowed() {
        stripe.add("payouts", objects(PaymentObject.PAYOUTS, "po", 2, 10));
        stripe.failNext(429, 1);

        assertThatThrownBy(() -> source(KEY).list(PaymentObject.PAYOUTS, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0 + 100)))
                .isInstanceOfSatisfying(CloudReadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.kind().transientFailure()).isTrue();
                    assertThat(e.getMessage()).contains("HTTP 429", "rate_limit", "req_fake");
                });
        assertThat(stripe.requestCount()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsUnavailable() {
        stripe.failNext(500, 1);
        assertThatThrownBy(() -> source(KEY).list(PaymentObject.REFUNDS, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0 + 100)))
                .isInstanceOfSatisfying(CloudReadException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void aServerErrorIsRetriedWhenRetriesAreAllowed() {
        stripe.add("charges", objects(PaymentObject.CHARGES, "ch", 2, 10));
        stripe.failNext(500, 1);
        StripePaymentSource source = new StripePaymentSource(Secret.of(KEY), stripe.apiBase(), Duration.ofSeconds(5), 1);
        assertThat(source.list(PaymentObject.CHARGES, Instant.ofEpochSecond(T0), Instant.ofEpochSecond(T0 + 100)))
                .hasSize(2);
        assertThat(stripe.requestCount()).isEqualTo(2);
    }

    @Test
    void aSlowAnswerIsATimeout() {
        stripe.delay(1500);
        StripePaymentSource source = new StripePaymentSource(Secret.of(KEY), stripe.apiBase(),
                Duration.ofMillis(300), 0);
        assertThatThrownBy(() -> source.list(PaymentObject.CHARGES, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0 + 100)))
                .isInstanceOfSatisfying(CloudReadException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    @Test
    void aServerThatIsGoneIsUnavailable() {
        String base = stripe.apiBase();
        stripe.close();
        StripePaymentSource source = new StripePaymentSource(Secret.of(KEY), base, Duration.ofSeconds(2), 0);
        assertThatThrownBy(() -> source.list(PaymentObject.CHARGES, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0 + 100)))
                .isInstanceOfSatisfying(CloudReadException.class,
                        e -> assertThat(e.kind()).isIn(ErrorKind.UNAVAILABLE, ErrorKind.TIMEOUT));
    }

    @Test
    void theKeyStaysInItsOwnClient() {
        source(KEY);
        assertThat(com.stripe.Stripe.apiKey).isNull();
        assertThat(source(KEY).kind()).isEqualTo("stripe");
        assertThat(source(KEY).sampleData()).isFalse();
        assertThat(new StripePaymentSource(Secret.of(KEY)).apiBase()).isEqualTo("https://api.stripe.com");
    }
}
