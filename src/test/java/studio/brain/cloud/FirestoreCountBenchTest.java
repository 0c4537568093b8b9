package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A smoke run of the count bench: it works end to end and bills as Firestore does. Timings are not judged. */
class FirestoreCountBenchTest {

    @Test
    void aCountBillsOneReadPerThousandAndAScanOnePerDocument() {
        List<FirestoreCountBench.Row> rows = FirestoreCountBench.run(List.of(1_500), 1);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.countReads()).isEqualTo(2);
            assertThat(row.scanReads()).isEqualTo(1_500);
        });
    }
}
