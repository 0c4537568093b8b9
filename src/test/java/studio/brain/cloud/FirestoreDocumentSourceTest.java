package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.cloud.FieldFilter.eq;
import static studio.brain.cloud.FieldFilter.gte;
import static studio.brain.cloud.FieldFilter.in;
import static studio.brain.cloud.FieldFilter.lt;
import static studio.brain.cloud.FieldFilter.notIn;

import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.brain.cloud.CloudReadException.ErrorKind;

/** The Firestore source through the real client, reaching a loopback fake by FIRESTORE_EMULATOR_HOST. */
class FirestoreDocumentSourceTest {

    private static final Instant FIRED = Instant.parse("2026-01-03T18:30:00.123456Z");

    private static FakeFirestoreServer fake;
    private static FirestoreDocumentSource source;

    @BeforeAll
    static void startFakeAndConnect() {
        fake = FakeFirestoreServer.start();
        fake.seed("pieces", "p01", Map.of("status", "glazed", "kiln", "k1", "weightGrams", 1200L, "price", 45.5,
                        "tags", List.of("mug", "blue"), "firedAt", FIRED, "glaze", Map.of("name", "celadon", "coats", 2L)))
                .seed("pieces", "p02", Map.of("status", "bisque", "kiln", "k1", "weightGrams", 800L, "price", 30L))
                .seed("pieces", "p03", Map.of("status", "Glazed", "kiln", "k2", "weightGrams", 950L))
                .seed("pieces", "p04", Map.of("status", "greenware", "weightGrams", "heavy", "price", 12.25))
                .seed("pieces", "p05", Map.of("kiln", "k2"))
                .seed("pieces", "p06", nullable("status", null, "kiln", "k3", "weightGrams", 500.5))
                .seed("studios", "s1", Map.of("name", "Clay Corner"))
                .seed("studios/s1/kilns", "k1", Map.of("cone", 6L, "model", "L&L e23T"))
                .seed("studios/s2/kilns", "k9", Map.of("cone", 10L)); // s2 itself holds no fields: a "missing" doc
        fake.seedMany("firings", 2_500, i -> Map.of("kiln", i % 2 == 0 ? "k1" : "k2", "minutes", (long) i));
        source = FirestoreDocumentSource.connect("demo-studio", Duration.ofSeconds(5),
                Map.of(FirestoreDocumentSource.EMULATOR_HOST_VARIABLE, fake.hostPort()));
    }

    @AfterAll
    static void stop() {
        source.close();
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.reset();
    }

    private static Map<String, Object> nullable(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void describesItself() {
        assertThat(source.kind()).isEqualTo("firestore");
        assertThat(source.sampleData()).isFalse();
        assertThat(source.emulator()).isTrue();
    }

    @Test
    void countsWithEveryOperatorOnTheServer() {
        assertThat(source.count("pieces", List.of())).isEqualTo(6);
        assertThat(source.count("pieces", List.of(eq("status", "glazed")))).as("case-sensitive").isEqualTo(1);
        assertThat(source.count("pieces", List.of(new FieldFilter("status", FieldFilter.Op.NOT_EQUAL,
                List.of("glazed"))))).as("missing and null excluded").isEqualTo(3);
        assertThat(source.count("pieces", List.of(in("status", "glazed", "bisque")))).isEqualTo(2);
        assertThat(source.count("pieces", List.of(notIn("status", "glazed", "bisque"))))
                .as("missing and null excluded").isEqualTo(2);
        assertThat(source.count("pieces", List.of(gte("weightGrams", 900L)))).as("a string is not >= 900")
                .isEqualTo(2);
        assertThat(source.count("pieces", List.of(lt("weightGrams", 900L)))).isEqualTo(2);
        assertThat(source.count("pieces", List.of(new FieldFilter("weightGrams", FieldFilter.Op.LESS_OR_EQUAL,
                List.of(800L))))).isEqualTo(2);
        assertThat(source.count("pieces", List.of(new FieldFilter("weightGrams", FieldFilter.Op.GREATER_THAN,
                List.of(950))))).as("an Integer works as a Long").isEqualTo(1);
        assertThat(source.count("pieces", List.of(eq("weightGrams", 800.0)))).as("800.0 equals 800").isEqualTo(1);
        assertThat(source.count("pieces", List.of(eq("kiln", "k1"), gte("weightGrams", 1000L)))).as("AND")
                .isEqualTo(1);
        assertThat(source.count("pieces", List.of(eq("status", null)))).as("== null").isEqualTo(1);
        assertThat(source.count("pieces", List.of(eq("firedAt", FIRED)))).as("timestamp").isEqualTo(1);
        assertThat(source.count("pieces", List.of(eq("glaze.name", "celadon")))).as("nested field").isEqualTo(1);
        assertThat(source.count("nothing-here", List.of())).isZero();

        assertThat(fake.calls("RunAggregationQuery")).isEqualTo(15);
        assertThat(fake.calls("RunQuery")).as("never a client-side scan").isZero();
    }

    @Test
    void sumsOnTheServerSkippingMissingAndNonNumericValues() {
        assertThat(source.sum("pieces", "weightGrams", List.of())).isEqualTo(1200 + 800 + 950 + 500.5);
        assertThat(source.sum("pieces", "price", List.of(eq("kiln", "k1")))).isEqualTo(75.5);
        assertThat(source.sum("pieces", "price", List.of(eq("kiln", "nowhere")))).isZero();
        assertThat(source.sum("firings", "minutes", List.of())).isEqualTo(2_500.0 * 2_501 / 2);
        assertThat(fake.calls("RunAggregationQuery")).isEqualTo(4);
        assertThat(fake.calls("RunQuery")).isZero();
    }

    @Test
    void getsAPresentDocumentAsPlainJavaValues() {
        CloudDocument doc = source.get("pieces/p01").orElseThrow();
        assertThat(doc.path()).isEqualTo("pieces/p01");
        assertThat(doc.fields()).containsEntry("status", "glazed").containsEntry("weightGrams", 1200L)
                .containsEntry("price", 45.5).containsEntry("tags", List.of("mug", "blue"))
                .containsEntry("firedAt", FIRED)
                .containsEntry("glaze", Map.of("name", "celadon", "coats", 2L));
        assertThat(doc.updateTime()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(source.get("pieces/p06").orElseThrow().fields()).containsEntry("status", null)
                .containsEntry("weightGrams", 500.5);
        assertThat(source.get("studios/s1/kilns/k1").orElseThrow().fields()).containsEntry("cone", 6L);
        assertThat(fake.calls("BatchGetDocuments")).isEqualTo(3);
        assertThat(fake.billedReads()).isEqualTo(3);
    }

    @Test
    void aMissingDocumentIsEmptyAndStillBilled() {
        assertThat(source.get("pieces/p99")).isEmpty();
        assertThat(source.get("studios/s2")).as("holds only a subcollection").isEmpty();
        assertThat(fake.billedReads()).isEqualTo(2);
    }

    @Test
    void aBadPathIsABadRequestBeforeAnyCall() {
        assertThatThrownBy(() -> source.get("pieces")).isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThatThrownBy(() -> source.count("pieces/p01", List.of())).isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThatThrownBy(() -> source.list("pieces", List.of(), 0)).isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(fake.billedReads()).isZero();
    }

    @Test
    void listsByIdWithProjectionAndLimit() {
        List<CloudDocument> docs = source.list("pieces", List.of("status", "price"), 5);
        assertThat(docs).extracting(CloudDocument::path)
                .containsExactly("pieces/p01", "pieces/p02", "pieces/p03", "pieces/p04", "pieces/p05");
        assertThat(docs.get(0).fields()).containsOnlyKeys("status", "price");
        assertThat(docs.get(2).fields()).containsOnlyKeys("status").containsEntry("status", "Glazed");
        assertThat(docs.get(4).fields()).as("lacks both fields").isEmpty();
        assertThat(fake.calls("RunQuery")).isEqualTo(1);
        assertThat(fake.billedReads()).as("one read per returned document").isEqualTo(5);

        assertThat(source.list("pieces", List.of(), 10)).hasSize(6)
                .first().satisfies(d -> assertThat(d.fields()).containsKeys("tags", "firedAt", "glaze"));
        assertThat(source.list("nothing-here", List.of("x"), 10)).isEmpty();
        assertThat(fake.billedReads()).as("an empty query still bills one read").isEqualTo(5 + 6 + 1);
    }

    @Test
    void listsDocumentPathsIncludingOnesThatHoldOnlySubcollections() {
        assertThat(source.listDocumentPaths("studios", 10)).containsExactly("studios/s1", "studios/s2");
        assertThat(source.listDocumentPaths("studios/s1/kilns", 10)).containsExactly("studios/s1/kilns/k1");
        assertThat(source.listDocumentPaths("firings", 3)).hasSize(3);
        assertThat(fake.calls("ListDocuments")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void anAggregationOver2500DocumentsBillsThreeReads() {
        assertThat(source.count("firings", List.of())).isEqualTo(2_500);
        assertThat(fake.billedReads()).isEqualTo(3);

        fake.reset();
        assertThat(source.count("firings", List.of(eq("kiln", "k1")))).isEqualTo(1_250);
        assertThat(fake.billedReads()).isEqualTo(2);

        fake.reset();
        assertThat(source.count("firings", List.of(eq("kiln", "none")))).isZero();
        assertThat(fake.billedReads()).as("at least one read").isEqualTo(1);
    }

    @Test
    void aSlowCollectionTimesOutWithinTheQueryTimeout() {
        fake.delay("slow", Duration.ofSeconds(5));
        try (FirestoreDocumentSource quick = FirestoreDocumentSource.forEmulator("demo-studio", fake.hostPort(),
                Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> quick.count("slow", List.of())).isInstanceOf(CloudReadException.class)
                    .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThatThrownBy(() -> quick.get("slow/x")).isInstanceOf(CloudReadException.class)
                    .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThatThrownBy(() -> quick.list("slow", List.of(), 5)).isInstanceOf(CloudReadException.class)
                    .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(quick.count("pieces", List.of())).as("other collections still answer").isEqualTo(6);
        }
    }

    @Test
    void anUnavailableServerIsUnavailableAfterAFewAttempts() {
        fake.fail("down", Status.Code.UNAVAILABLE);
        assertThatThrownBy(() -> source.count("down", List.of())).isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThatThrownBy(() -> source.get("down/x")).isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThatThrownBy(() -> source.list("down", List.of(), 3)).isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(fake.calls("RunAggregationQuery")).isBetween(1, 3);
        assertThat(fake.calls("BatchGetDocuments")).isBetween(1, 3);
        assertThat(fake.calls("RunQuery")).isBetween(1, 3);
    }

    @Test
    void deniedAccessIsAnAuthErrorWhoseMessageCarriesNoServerText() {
        fake.fail("secret", Status.Code.PERMISSION_DENIED);
        fake.fail("anonymous", Status.Code.UNAUTHENTICATED);
        assertThatThrownBy(() -> source.count("secret", List.of())).isInstanceOf(CloudReadException.class)
                .satisfies(e -> {
                    CloudReadException cloud = (CloudReadException) e;
                    assertThat(cloud.kind()).isEqualTo(ErrorKind.AUTH);
                    assertThat(cloud.getMessage()).contains("PERMISSION_DENIED").doesNotContain("fake failure")
                            .doesNotContainIgnoringCase("bearer").doesNotContain("owner");
                });
        assertThatThrownBy(() -> source.get("anonymous/x")).isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.AUTH);
        assertThat(fake.calls("RunAggregationQuery")).as("no retry of a denial").isEqualTo(1);
    }

    @Test
    void theEmulatorVariableDecidesWhereTheClientGoes() {
        FakeFirestoreServer other = FakeFirestoreServer.start();
        try (other; FirestoreDocumentSource viaEnv = FirestoreDocumentSource.connect("demo-studio",
                Duration.ofSeconds(5), Map.of(FirestoreDocumentSource.EMULATOR_HOST_VARIABLE, " " + other.hostPort()))) {
            other.seed("pieces", "only-here", Map.of("status", "glazed"));
            assertThat(viaEnv.emulator()).isTrue();
            assertThat(viaEnv.count("pieces", List.of())).isEqualTo(1);
            assertThat(other.calls("RunAggregationQuery")).isEqualTo(1);
            assertThat(fake.calls("RunAggregationQuery")).isZero();
        }
    }

    @Test
    void aBlankProjectIsRefused() {
        assertThatThrownBy(() -> FirestoreDocumentSource.connect(" ", Duration.ofSeconds(1),
                Map.of(FirestoreDocumentSource.EMULATOR_HOST_VARIABLE, fake.hostPort())))
                .isInstanceOf(CloudReadException.class)
                .extracting(e -> ((CloudReadException) e).kind()).isEqualTo(ErrorKind.BAD_REQUEST);
    }

    @Test
    void closingTwiceIsHarmless() {
        FirestoreDocumentSource extra = FirestoreDocumentSource.forEmulator("demo-studio", fake.hostPort(),
                Duration.ofSeconds(2));
        assertThat(extra.count("pieces", List.of())).isEqualTo(6);
        extra.close();
        extra.close();
    }
}
