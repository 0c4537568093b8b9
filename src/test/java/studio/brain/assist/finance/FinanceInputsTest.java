package studio.brain.assist.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.brain.cloud.CloudDocument;
import studio.brain.hash.ContentHash;

class FinanceInputsTest {

    @Test
    void aDocumentBecomesAnOrderWithCaseFreeStatusAndMissingFieldsKeptMissing() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", "Paid");
        fields.put("currency", "USD");
        fields.put("amountCents", 2500.0);
        fields.put("refundedCents", 500L);
        fields.put("stripePaymentIntentId", "pi_1");
        fields.put("createdAt", Instant.parse("2026-10-01T10:00:00Z"));
        fields.put("paidAt", Instant.parse("2026-10-01T10:03:00Z"));
        fields.put("memberUid", "member-001");
        Order order = FinanceInputs.toOrder("reservation", new CloudDocument("reservations/res-0001", fields, null));
        assertEquals("reservation:res-0001", order.ref());
        assertEquals("paid", order.status());
        assertEquals("usd", order.currency());
        assertEquals(2500L, order.amountCents());
        assertEquals(500L, order.refundedCents());
        assertEquals(Instant.parse("2026-10-01T10:03:00Z"), order.paidAt());
        assertTrue(ContentHash.isHash(order.sourceHash()));

        Map<String, Object> sparse = Map.of("status", "fulfilled", "amountCents", 12.5);
        Order odd = FinanceInputs.toOrder("order", new CloudDocument("materialsOrders/mo-0033", sparse, null));
        assertNull(odd.amountCents(), "a fractional amount of cents is not trusted");
        assertNull(odd.stripePaymentIntentId());
        assertNull(odd.anchor());
    }
}
