package studio.brain.assist.finance;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One portal record that expects a payment: a materials order or a paid reservation.
 *
 * @param kind                  {@code order} or {@code reservation}; with the id it forms the evidence pointer
 * @param id                    the document id
 * @param status                lower case ({@code Paid} and {@code paid} are one status)
 * @param amountCents           the amount in the smallest currency unit, or null when the record has none
 * @param refundedCents         what the record says was refunded, or null when it does not say
 * @param currency              lower case ISO code, or null
 * @param stripePaymentIntentId the linked payment intent, or null
 * @param createdAt             when the record was created, or null
 * @param paidAt                when the record says it was paid, or null
 * @param sourceHash            the content hash of the document read, or null
 */
public record Order(String kind, String id, String status, Long amountCents, Long refundedCents, String currency,
        String stripePaymentIntentId, Instant createdAt, Instant paidAt, String sourceHash) {

    public Order {
        Objects.requireNonNull(id, "id");
        kind = kind == null || kind.isBlank() ? "order" : kind;
        status = status == null ? null : status.trim().toLowerCase(Locale.ROOT);
        currency = currency == null || currency.isBlank() ? null : currency.trim().toLowerCase(Locale.ROOT);
        stripePaymentIntentId = stripePaymentIntentId == null || stripePaymentIntentId.isBlank() ? null
                : stripePaymentIntentId;
    }

    /** A materials order with the fields most tests need. */
    public static Order of(String id, String status, Long amountCents, String currency, String paymentIntentId,
            Instant createdAt, Instant paidAt) {
        return new Order("order", id, status, amountCents, null, currency, paymentIntentId, createdAt, paidAt, null);
    }

    /** The evidence pointer, {@code order:mo-0012}. */
    public String ref() {
        return kind + ":" + id;
    }

    /** The time that places the record in a reconciliation window. */
    public Instant anchor() {
        return createdAt != null ? createdAt : paidAt;
    }
}
