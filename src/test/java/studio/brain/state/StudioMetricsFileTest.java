package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.brain.cloud.FieldFilter;
import studio.brain.cloud.PaymentObject;

/** The policy file's shape, and the errors a bad file gets. */
class StudioMetricsFileTest {
    private static final Path FILE = Path.of("bad/studio-metrics.yaml");
    private static final String DRIFT = """
            drift:
              cloudSummary: "studioMetrics/{date}"
              thresholds: { default: { absolute: 2, ratio: 0.05 } }
              dayOverDay: { absolute: 25, ratio: 0.5 }
            """;

    @Test
    void theShippedFileLoads() {
        StudioMetrics metrics = StudioMetrics.load(SampleStudioMetricsTest.POLICY);
        assertThat(metrics.metrics()).extracting(MetricDefinition::key).containsExactly("counts.batchesActive",
                "counts.batchesClosed", "counts.reservationsOpen", "counts.firingsScheduled", "counts.reportsOpen",
                "ops.agentRequestsPending", "ops.highSeverityReports", "finance.pendingOrders",
                "finance.unsettledPayments");
        MetricDefinition payments = metrics.metric("finance.unsettledPayments").orElseThrow();
        assertThat(payments.source()).isEqualTo(MetricSource.STRIPE);
        assertThat(payments.paymentObject()).isEqualTo(PaymentObject.PAYMENT_INTENTS);
        assertThat(payments.window()).isEqualTo(Duration.ofDays(30));
        assertThat(metrics.metric("ops.highSeverityReports").orElseThrow().conditions()).hasSize(2);
    }

    @Test
    void queriesSpellEveryValueAndSplitLongLists() {
        Condition open = new Condition("status", ConditionType.IN, List.of("open"));
        assertThat(DocumentQueryPlan.of(List.of(open))).containsExactly(
                List.of(new FieldFilter("status", FieldFilter.Op.IN, List.of("open", "OPEN", "Open"))));

        List<Object> twelve = List.of("ax", "bx", "cx", "dx", "ex", "fx", "gx", "hx", "ix", "jx", "kx", "lx");
        List<List<FieldFilter>> split = DocumentQueryPlan.of(List.of(new Condition("s", ConditionType.IN, twelve)));
        assertThat(split).hasSize(2); // 36 spellings: 30 and 6
        assertThat(split.get(0).get(0).values()).hasSize(30);

        // Two multi-spelling conditions: one keeps IN, the other is taken one spelling per query.
        List<List<FieldFilter>> product = DocumentQueryPlan.of(List.of(
                new Condition("severity", ConditionType.IN, List.of("high")),
                new Condition("status", ConditionType.IN, List.of("open", "triaged"))));
        assertThat(product).hasSize(3).allSatisfy(filters -> assertThat(filters).extracting(FieldFilter::op)
                .containsExactlyInAnyOrder(FieldFilter.Op.EQUAL, FieldFilter.Op.IN));

        List<List<FieldFilter>> prefix = DocumentQueryPlan.of(List.of(
                new Condition("state", ConditionType.STARTS_WITH, List.of("CLOSED_"))));
        assertThat(prefix).hasSize(3).allSatisfy(filters -> assertThat(filters).hasSize(2));
    }

    @Test
    void anUnknownSourceIsNamed() {
        assertRefused(metric("""
                  - key: counts.x
                    source: bigquery
                    collection: batches
                """), "line 4", "metric counts.x", "unknown source 'bigquery'");
    }

    @Test
    void anUnknownConditionIsNamed() {
        assertRefused(metric("""
                  - key: counts.x
                    source: firestore
                    collection: batches
                    where:
                      - { field: state, startswith: OPEN }
                """), "metric counts.x", "unknown condition 'startswith' on 'state'", "notStartsWith");
    }

    @Test
    void anEmptyListIsRefused() {
        assertRefused(metric("""
                  - key: counts.x
                    source: firestore
                    collection: batches
                    where:
                      - { field: state, in: [] }
                """), "metric counts.x", "in on 'state' needs at least one value");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertRefused(metric("""
                  - key: counts.x
                    source: firestore
                    collection: batches
                  - key: counts.x
                    source: firestore
                    collection: reservations
                """), "line 6", "metric counts.x", "declared twice");
    }

    @Test
    void aBadWindowIsRefused() {
        assertRefused(metric("""
                  - key: finance.x
                    source: stripe
                    object: payment_intents
                    window: 30 days
                """), "line 6", "metric finance.x", "window '30 days' is not an ISO-8601 duration");
        assertRefused(metric("""
                  - key: finance.x
                    source: stripe
                    object: payment_intents
                    window: P0D
                """), "metric finance.x", "longer than zero");
    }

    @Test
    void aKeyOutsideTheThreeFamiliesIsRefused() {
        assertRefused(metric("""
                  - key: misc.x
                    source: firestore
                    collection: batches
                """), "metric misc.x", "counts.<name>, ops.<name> or finance.<name>");
    }

    @Test
    void otherMistakesAreNamedToo() {
        assertRefused(metric("""
                  - key: counts.x
                    source: firestore
                    collection: batches
                    where:
                      - { field: state, notIn: [A] }
                      - { field: kilnId, notStartsWith: k }
                """), "metric counts.x", "at most one notIn or notStartsWith");
        assertRefused(metric("""
                  - key: counts.x
                    source: firestore
                    collection: batches
                    collection: reservations
                """), "line 6", "metric counts.x", "gives 'collection' twice");
        assertRefused(metric("""
                  - key: counts.x
                    source: firestore
                    colection: batches
                """), "metric counts.x", "unknown field 'colection'");
        assertRefused(metric("""
                  - key: finance.x
                    source: stripe
                    object: invoices
                    window: P30D
                """), "metric finance.x", "unknown object 'invoices'");
        assertRefused("schemaVersion: \"2.0\"\nmetrics: []\n" + DRIFT, "schemaVersion must be \"3.0\"");
        assertRefused("schemaVersion: \"3.0\"\nmetrics: [ { key: counts.x\n", "not valid YAML");
        assertRefused(metric("""
                  - key: counts.x
                    source: firestore
                    collection: batches
                """).replace("absolute: 2,", "absolute: -2,"), "absolute must be a whole number >= 0");
    }

    private static String metric(String metricYaml) {
        return "schemaVersion: \"3.0\"\nmetrics:\n" + metricYaml + DRIFT;
    }

    private static void assertRefused(String yaml, String... fragments) {
        assertThatThrownBy(() -> StudioMetrics.parse(FILE, yaml))
                .isInstanceOf(StudioMetricsFileException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(FILE.toString())
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }
}
