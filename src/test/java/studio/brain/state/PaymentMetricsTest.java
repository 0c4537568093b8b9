package studio.brain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.CloudDocument;
import studio.brain.cloud.DocumentSource;
import studio.brain.cloud.ExportFileDocumentSource;
import studio.brain.cloud.ExportFilePaymentSource;
import studio.brain.cloud.FakeStripeHandle;
import studio.brain.cloud.FieldFilter;
import studio.brain.cloud.PaymentObject;

/** The payment metric through Stripe (the fake) and through the export files; failures of a plain kind. */
class PaymentMetricsTest {
    private static final String KEY = "finance.unsettledPayments";

    @TempDir
    Path dataDir;

    @Test
    void stripeAndTheExportAgreeWithTheSampleFiles() throws Exception {
        ExportFilePaymentSource export = ExportFilePaymentSource.sampleStudio(dataDir);
        List<Map<String, Object>> intents = export.list(PaymentObject.PAYMENT_INTENTS, Instant.EPOCH,
                SampleStudioScan.EXPORTED_AT.plusSeconds(1));
        long expected = SampleStudioScan.expected().get(KEY);
        assertThat(expected).isPositive();

        try (FakeStripeHandle stripe = new FakeStripeHandle().add(PaymentObject.PAYMENT_INTENTS, intents)) {
            MetricReading viaStripe = read(ExportFileDocumentSource.sampleStudio(dataDir), stripe.source());
            assertThat(viaStripe.value()).isEqualTo(expected);
            assertThat(viaStripe.source()).isEqualTo("stripe");
            assertThat(viaStripe.complete()).isTrue();
            assertThat(viaStripe.warnings()).isEmpty();

            MetricReading viaExport = read(ExportFileDocumentSource.sampleStudio(dataDir), export);
            assertThat(viaExport.value()).isEqualTo(expected);
            assertThat(viaExport.source()).isEqualTo("export-file");
            assertThat(viaExport.inputHash()).isEqualTo(viaStripe.inputHash());
        }
    }

    @Test
    void aStripeFailureIsPartialWithItsKind() throws Exception {
        try (FakeStripeHandle stripe = new FakeStripeHandle().failNext(401, 5)) {
            MetricReading reading = read(ExportFileDocumentSource.sampleStudio(dataDir), stripe.source());
            assertThat(reading.value()).isNull();
            assertThat(reading.completeness()).isEqualTo("partial");
            assertThat(reading.warnings()).containsExactly("read failed: AUTH");
        }
    }

    @Test
    void anUnexpectedExceptionIsNamedByItsClassNotItsMessage() {
        DocumentSource broken = new BrokenDocumentSource();
        List<MetricReading> readings = new MetricReader(StudioMetrics.load(SampleStudioMetricsTest.POLICY),
                SampleStudioMetricsTest.CLOCK).readAll(broken, ExportFilePaymentSource.sampleStudio(dataDir),
                SampleStudioScan.EXPORTED_AT, Duration.ofSeconds(20));
        assertThat(readings).filteredOn(r -> !r.key().equals(KEY)).allSatisfy(r -> {
            assertThat(r.warnings()).containsExactly("read failed: IllegalStateException");
            assertThat(r.source()).isEqualTo("broken");
        });
        assertThat(readings).filteredOn(r -> r.key().equals(KEY)).singleElement()
                .satisfies(r -> assertThat(r.complete()).isTrue());
    }

    private MetricReading read(DocumentSource docs, studio.brain.cloud.PaymentSource payments) {
        return new MetricReader(StudioMetrics.load(SampleStudioMetricsTest.POLICY), SampleStudioMetricsTest.CLOCK)
                .readAll(docs, payments, SampleStudioScan.EXPORTED_AT, Duration.ofSeconds(20)).stream()
                .filter(r -> r.key().equals(KEY)).findFirst().orElseThrow();
    }

    /** A source whose every read fails with a message that must not reach a warning. */
    private static final class BrokenDocumentSource implements DocumentSource {
        @Override
        public String kind() {
            return "broken";
        }

        @Override
        public boolean sampleData() {
            return false;
        }

        @Override
        public long count(String collection, List<FieldFilter> filters) {
            throw new IllegalStateException("secret server text");
        }

        @Override
        public double sum(String collection, String field, List<FieldFilter> filters) {
            throw new IllegalStateException("secret server text");
        }

        @Override
        public java.util.Optional<CloudDocument> get(String documentPath) {
            throw new IllegalStateException("secret server text");
        }

        @Override
        public List<CloudDocument> list(String collection, List<String> fields, int limit) {
            throw new IllegalStateException("secret server text");
        }
    }
}
