package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.CloudReadException.ErrorKind;

class ExportFilePaymentSourceTest {
    private static final long T0 = 1_790_000_000L;

    @TempDir
    Path root;

    @BeforeEach
    void writeExport() throws IOException {
        for (int i = 0; i < 5; i++) {
            write("payment_intents", "pi_" + i, "{\"id\": \"pi_" + i + "\", \"object\": \"payment_intent\","
                    + " \"amount\": " + (100 * i) + ", \"currency\": \"usd\", \"status\": \"succeeded\","
                    + " \"created\": " + (T0 + 100 * i) + ", \"metadata\": {\"orderId\": \"mo-" + i + "\"}}");
        }
    }

    private void write(String folder, String id, String json) throws IOException {
        Path dir = root.resolve("stripe").resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(id + ".json"), json);
    }

    @Test
    void listsTheHalfOpenWindowNewestFirst() {
        ExportFilePaymentSource source = ExportFilePaymentSource.of(root);
        assertThat(source.list(PaymentObject.PAYMENT_INTENTS, Instant.ofEpochSecond(T0 + 100),
                Instant.ofEpochSecond(T0 + 400))).extracting(o -> o.get("id")).containsExactly("pi_3", "pi_2", "pi_1");
        assertThat(source.list(PaymentObject.PAYMENT_INTENTS, Instant.ofEpochSecond(T0 + 100, 1),
                Instant.ofEpochSecond(T0 + 400, 1))).extracting(o -> o.get("id")).containsExactly("pi_4", "pi_3", "pi_2");
        assertThat(source.list(PaymentObject.PAYMENT_INTENTS, Instant.ofEpochSecond(T0),
                Instant.ofEpochSecond(T0 + 1000)).get(0)).containsEntry("amount", 400L)
                .containsEntry("created", T0 + 400);
        assertThat(source.list(PaymentObject.REFUNDS, Instant.ofEpochSecond(0), Instant.ofEpochSecond(T0 * 2)))
                .isEmpty();
        assertThat(source.kind()).isEqualTo("export-file");
        assertThat(source.sampleData()).isFalse();
    }

    @Test
    void aMalformedOrMisfiledObjectIsABadRequestNamingTheFile() throws IOException {
        write("charges", "ch_1", "{\"id\": \"ch_1\", \"object\": \"charge\", \"created\": 1,");
        write("payouts", "po_1", "{\"id\": \"po_1\", \"object\": \"charge\", \"created\": 1}");
        ExportFilePaymentSource source = ExportFilePaymentSource.of(root);
        assertThatThrownBy(() -> source.list(PaymentObject.CHARGES, Instant.EPOCH, Instant.ofEpochSecond(T0)))
                .isInstanceOfSatisfying(CloudReadException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("ch_1.json");
                });
        assertThatThrownBy(() -> source.list(PaymentObject.PAYOUTS, Instant.EPOCH, Instant.ofEpochSecond(T0)))
                .isInstanceOfSatisfying(CloudReadException.class,
                        e -> assertThat(e.getMessage()).contains("po_1.json", "payout"));
    }
}
