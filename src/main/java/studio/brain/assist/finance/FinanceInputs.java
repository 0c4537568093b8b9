package studio.brain.assist.finance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import studio.brain.cloud.CloudDocument;
import studio.brain.cloud.DocumentSource;
import studio.brain.cloud.PaymentObject;
import studio.brain.cloud.PaymentSource;

/**
 * What one reconciliation run reads: the portal's orders (and reservations that carry a payment) and the Stripe
 * records of a window. Payments are read with a margin of {@link #MARGIN} on each side of the window, so that an
 * order near its edge still finds its payment; only records inside the window are flagged.
 */
public record FinanceInputs(List<Order> orders, List<Map<String, Object>> intents, List<Map<String, Object>> charges,
        List<Map<String, Object>> refunds, List<Map<String, Object>> payouts,
        List<Map<String, Object>> balanceTransactions, Instant from, Instant to, Instant readAt, boolean sampleData) {

    public static final String ORDERS = "materialsOrders";
    public static final String RESERVATIONS = "reservations";
    public static final Duration MARGIN = Duration.ofDays(7);
    static final int LIST_LIMIT = 10_000;

    public FinanceInputs {
        orders = List.copyOf(orders);
        intents = List.copyOf(intents);
        charges = List.copyOf(charges);
        refunds = List.copyOf(refunds);
        payouts = List.copyOf(payouts);
        balanceTransactions = List.copyOf(balanceTransactions);
    }

    /** Reads both sources; {@code readAt} is taken as {@code to} (the caller reads "up to now"). */
    public static FinanceInputs read(DocumentSource docs, PaymentSource payments, Instant from, Instant to) {
        return read(docs, payments, from, to, to);
    }

    public static FinanceInputs read(DocumentSource docs, PaymentSource payments, Instant from, Instant to,
            Instant readAt) {
        List<Order> orders = new ArrayList<>();
        for (CloudDocument doc : docs.list(ORDERS, null, LIST_LIMIT)) {
            orders.add(toOrder("order", doc));
        }
        for (CloudDocument doc : docs.list(RESERVATIONS, null, LIST_LIMIT)) {
            Map<String, Object> f = doc.fields();
            if (f.get("stripePaymentIntentId") != null || f.get("amountCents") != null || f.get("paidAt") != null) {
                orders.add(toOrder("reservation", doc));
            }
        }
        Instant wideFrom = from.minus(MARGIN);
        Instant wideTo = to.plus(MARGIN);
        return new FinanceInputs(orders,
                payments.list(PaymentObject.PAYMENT_INTENTS, wideFrom, wideTo),
                payments.list(PaymentObject.CHARGES, wideFrom, wideTo),
                payments.list(PaymentObject.REFUNDS, wideFrom, wideTo),
                payments.list(PaymentObject.PAYOUTS, wideFrom, wideTo),
                payments.list(PaymentObject.BALANCE_TRANSACTIONS, wideFrom, wideTo),
                from, to, readAt, docs.sampleData() || payments.sampleData());
    }

    /** One document as an {@link Order}; status casing does not matter, a missing amount stays missing. */
    static Order toOrder(String kind, CloudDocument doc) {
        Map<String, Object> f = doc.fields();
        Long refunded = cents(f.get("refundedCents"));
        if (refunded == null) {
            refunded = cents(f.get("amountRefundedCents"));
        }
        return new Order(kind, doc.id(), text(f.get("status")), cents(f.get("amountCents")), refunded,
                text(f.get("currency")), text(f.get("stripePaymentIntentId")), instant(f.get("createdAt")),
                instant(f.get("paidAt")), studio.brain.hash.ContentHash.of(StripeRecords.hashable(f)));
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static Long cents(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) ? (long) d : null; // fractional "cents" are not an amount we trust
        }
        return null;
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i : null;
    }
}
