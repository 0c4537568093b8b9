package studio.brain.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Read-only access to the studio's payment records, from Stripe itself or from an exported copy. Objects come
 * back in Stripe's own JSON shape, as maps. Every method throws {@link CloudReadException} when the read fails.
 */
public interface PaymentSource {

    /** {@code "stripe"} or {@code "export-file"}. */
    String kind();

    /** True only for the bundled sample studio. */
    boolean sampleData();

    /** Every object of the kind created in {@code [from, to)}, all pages read. */
    List<Map<String, Object>> list(PaymentObject object, Instant from, Instant to);
}
