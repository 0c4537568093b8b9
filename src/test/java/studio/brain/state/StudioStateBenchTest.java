package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of the snapshot bench at a small size: it works end to end, the snapshot bills what Firestore's rule
 * says and gives the scan's answers. Timings are not judged.
 */
class StudioStateBenchTest {
    private static final int DOCUMENTS = 200;

    @TempDir
    Path dataDir;

    @Test
    void aSnapshotBillsOneReadPerQueryAndAgreesWithTheScan() {
        StudioStateBench.Row row = StudioStateBench.run(List.of(DOCUMENTS), 1, dataDir).get(0);

        int queries = StudioMetrics.load(StudioStateBench.POLICY).metrics().stream()
                .filter(metric -> metric.source() == MetricSource.FIRESTORE)
                .mapToInt(metric -> DocumentMetricRead.queriesOf(metric).size())
                .sum();
        assertThat(row.snapshotQueries()).isEqualTo(queries);
        // No query matches more than 1,000 index entries here, so each bills its floor of one read.
        assertThat(row.snapshotReads()).isEqualTo(queries);
        assertThat(row.scanReads()).isEqualTo(StudioStateBench.COLLECTIONS.size() * DOCUMENTS);
        assertThat(row.snapshotReads()).isLessThan(row.scanReads());

        assertThat(row.readings()).allSatisfy(reading -> assertThat(reading.complete()).as(reading.key()).isTrue());
        assertThat(row.scanned()).hasSize(8);
        row.scanned().forEach((key, counted) -> assertThat(row.readings())
                .filteredOn(reading -> reading.key().equals(key))
                .singleElement()
                .satisfies(reading -> assertThat(reading.value()).as(key).isEqualTo(counted)));
        assertThat(row.readings())
                .filteredOn(reading -> reading.key().equals("finance.unsettledPayments"))
                .singleElement()
                .satisfies(reading -> assertThat(reading.value())
                        .isEqualTo(SampleStudioScan.expected().get("finance.unsettledPayments")));
        assertThat(row.consistent()).isTrue();
    }
}
