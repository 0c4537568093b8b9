package studio.brain.assist.finance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.brain.assist.finance.StripeFixtures.charge;
import static studio.brain.assist.finance.StripeFixtures.intent;
import static studio.brain.assist.finance.StripeFixtures.payout;
import static studio.brain.assist.finance.StripeFixtures.refund;
import static studio.brain.assist.finance.StripeFixtures.txn;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-10-05T10:00:00Z");
    static final ReconciliationRules RULES = ReconciliationRules.defaults();

    final List<Order> orders = new ArrayList<>();
    final List<Map<String, Object>> intents = new ArrayList<>();
    final List<Map<String, Object>> charges = new ArrayList<>();
    final List<Map<String, Object>> refunds = new ArrayList<>();
    final List<Map<String, Object>> payouts = new ArrayList<>();
    final List<Map<String, Object>> txns = new ArrayList<>();

    ReconciliationReport run() {
        return run(NOW, NOW);
    }

    ReconciliationReport run(Instant now, Instant readAt) {
        return Reconciler.reconcile(orders, intents, charges, refunds, payouts, txns, now, readAt, RULES);
    }

    /** A paid order with its succeeded intent and charge: nothing to flag. */
    void paidOrder(String order, String pi, String ch, long amount) {
        orders.add(Order.of(order, "paid", amount, "usd", pi, T0, T0.plusSeconds(60)));
        intents.add(intent(pi, order, amount, "usd", "succeeded", T0.plusSeconds(60)));
        charges.add(charge(ch, pi, order, amount, "usd", "succeeded", 0, T0.plusSeconds(120)));
    }

    List<String> classes(ReconciliationReport report) {
        return report.flags().stream().map(f -> f.ruleId() + " " + f.discrepancyClass()).toList();
    }

    @Test
    void agreeingRecordsRaiseNothing() {
        paidOrder("mo-1", "pi_1", "ch_1", 2500);
        orders.add(Order.of("mo-2", "Pending", 1000L, "USD", "pi_2", T0, null));
        intents.add(intent("pi_2", "mo-2", 1000, "usd", "requires_payment_method", T0));
        ReconciliationReport report = run();
        assertEquals(List.of(), report.flags());
        assertEquals(0, report.countsByClassAndSeverity().get("paid_not_recorded").get("high"));
        assertEquals(Reconciler.CLASSES, List.copyOf(report.countsByClassAndSeverity().keySet()));
    }

    @Test
    void paidNotRecorded_paymentForNoOrder_andForAPendingOrder() {
        intents.add(intent("pi_9", "mo-9", 5700, "usd", "succeeded", T0));
        charges.add(charge("ch_9", "pi_9", "mo-9", 5700, "usd", "succeeded", 0, T0));
        orders.add(Order.of("mo-3", "pending", 1200L, "usd", "pi_3", T0, null));
        intents.add(intent("pi_3", "mo-3", 1200, "usd", "succeeded", T0));
        ReconciliationReport report = run();
        assertEquals(List.of("FIN-PNR-1 paid_not_recorded", "FIN-PNR-2 paid_not_recorded"), classes(report));
        assertEquals(List.of("pi_9", "ch_9"), report.flags().get(0).evidence());
        assertEquals("high", report.flags().get(0).severity());
        assertEquals(List.of("order:mo-3", "pi_3"), report.flags().get(1).evidence());
    }

    @Test
    void paidNotRecorded_aCancelledOrderKeptItsMoney() {
        orders.add(Order.of("mo-4", "cancelled", 800L, "usd", "pi_4", T0, null));
        intents.add(intent("pi_4", "mo-4", 800, "usd", "succeeded", T0));
        assertEquals(List.of("FIN-PNR-3 paid_not_recorded"), classes(run()));
        refunds.add(refund("re_4", null, "pi_4", 800, T0.plusSeconds(3600)));
        assertEquals(List.of(), classes(run()), "refunded in full, the cancellation agrees");
    }

    @Test
    void recordedNotPaid_processingCanceledOrMissing() {
        orders.add(Order.of("mo-5", "paid", 900L, "usd", "pi_5", T0, T0));
        intents.add(intent("pi_5", "mo-5", 900, "usd", "processing", T0));
        orders.add(Order.of("mo-6", "FULFILLED", 900L, "usd", "pi_6", T0, T0));
        intents.add(intent("pi_6", "mo-6", 900, "usd", "canceled", T0));
        orders.add(Order.of("mo-7", "completed", 900L, "usd", "pi_7", T0, T0));
        ReconciliationReport report = run();
        assertEquals(List.of("FIN-RNP-1 recorded_not_paid", "FIN-RNP-2 recorded_not_paid",
                "FIN-RNP-1 recorded_not_paid"), classes(report));
        assertEquals(List.of("order:mo-6", "pi_6"), report.flags().get(0).evidence());
        assertEquals(List.of("order:mo-7", "pi_7"), report.flags().get(1).evidence());
        assertEquals("medium", report.flags().get(2).severity());
    }

    @Test
    void amountMismatch_inTheSmallestUnit_withTolerance() {
        paidOrder("mo-8", "pi_8", "ch_8", 2500);
        orders.set(0, Order.of("mo-8", "paid", 2499L, "usd", "pi_8", T0, T0));
        ReconciliationReport report = run();
        assertEquals(List.of("FIN-AMT-1 amount_mismatch"), classes(report));
        assertEquals("medium", report.flags().get(0).severity());
        assertTrue(report.flags().get(0).summary().contains("diff 1"));
        ReconciliationRules tolerant = new ReconciliationRules(1, Duration.ofDays(3), Duration.ofHours(24),
                Duration.ofDays(7), 0, Duration.ofDays(2), null);
        assertEquals(List.of(), Reconciler.reconcile(orders, intents, charges, refunds, payouts, txns, NOW, NOW,
                tolerant).flags());
    }

    @Test
    void currencyMismatch_isNotAlsoAnAmountMismatch() {
        orders.add(Order.of("mo-10", "paid", 2500L, "eur", "pi_10", T0, T0));
        intents.add(intent("pi_10", "mo-10", 2600, "USD", "succeeded", T0));
        ReconciliationReport report = run();
        assertEquals(List.of("FIN-CUR-1 currency_mismatch"), classes(report));
        assertTrue(report.flags().get(0).summary().contains("eur") && report.flags().get(0).summary().contains("usd"));
    }

    @Test
    void duplicateCharge_twoIntentsForOneOrder_unlessOneWasRefunded() {
        paidOrder("mo-11", "pi_11", "ch_11", 4000);
        intents.add(intent("pi_11b", "mo-11", 4000, "usd", "succeeded", T0.plusSeconds(180)));
        charges.add(charge("ch_11b", "pi_11b", "mo-11", 4000, "usd", "succeeded", 0, T0.plusSeconds(200)));
        ReconciliationReport report = run();
        assertEquals(List.of("FIN-DUP-1 duplicate_charge"), classes(report));
        assertEquals(0.95, report.flags().get(0).confidence());
        refunds.add(refund("re_11b", "ch_11b", "pi_11b", 4000, T0.plusSeconds(4000)));
        assertEquals(List.of(), classes(run()), "the duplicate was refunded and the order is untouched");
    }

    @Test
    void duplicateCharge_twoChargesOnOneIntent() {
        paidOrder("mo-12", "pi_12", "ch_12", 3000);
        charges.add(charge("ch_12b", "pi_12", "mo-12", 3000, "usd", "succeeded", 0, T0.plusSeconds(300)));
        ReconciliationReport report = run();
        assertTrue(classes(report).contains("FIN-DUP-2 duplicate_charge"), classes(report).toString());
    }

    @Test
    void repeatedAndOutOfOrderWebhookRecordsAreMergedNotCountedTwice() {
        paidOrder("mo-13", "pi_13", "ch_13", 3000);
        // the same charge delivered again, and an older copy of the intent arriving after the newer one
        charges.add(charge("ch_13", "pi_13", "mo-13", 3000, "usd", "succeeded", 0, T0.plusSeconds(120)));
        intents.add(intent("pi_13", "mo-13", 3000, "usd", "processing", T0.plusSeconds(60)));
        intents.add(0, intent("pi_13", "mo-13", 3000, "usd", "requires_payment_method", T0.plusSeconds(60)));
        ReconciliationReport report = run();
        assertEquals(List.of(), report.flags());
        assertEquals(3, report.duplicateRecordsMerged());
        List<Map<String, Object>> shuffled = new ArrayList<>(intents);
        Collections.reverse(shuffled);
        assertEquals(List.of(), Reconciler.reconcile(orders, shuffled, charges, refunds, payouts, txns, NOW, NOW,
                RULES).flags());
    }

    @Test
    void refundNotReflected_fullAndPartial() {
        paidOrder("mo-14", "pi_14", "ch_14", 5000);
        refunds.add(refund("re_14", "ch_14", "pi_14", 5000, T0.plusSeconds(7200)));
        paidOrder("mo-15", "pi_15", "ch_15", 5000);
        refunds.add(refund("re_15a", "ch_15", "pi_15", 1000, T0.plusSeconds(7200)));
        refunds.add(refund("re_15b", "ch_15", "pi_15", 500, T0.plusSeconds(9000)));
        ReconciliationReport report = run();
        assertEquals(List.of("FIN-REF-1 refund_not_reflected", "FIN-REF-1 refund_not_reflected"), classes(report));
        assertEquals("high", report.flags().get(0).severity());
        assertEquals("medium", report.flags().get(1).severity());
        assertTrue(report.flags().get(1).summary().contains("refunded 1500 of 5000"), report.flags().get(1).summary());
    }

    @Test
    void partialRefundsThatTheOrderRecordsAgree() {
        orders.add(new Order("order", "mo-16", "paid", 5000L, 1500L, "usd", "pi_16", T0, T0, null));
        intents.add(intent("pi_16", "mo-16", 5000, "usd", "succeeded", T0));
        // the charge copy was read before the second refund: the refunds themselves count
        charges.add(charge("ch_16", "pi_16", "mo-16", 5000, "usd", "succeeded", 1000, T0));
        refunds.add(refund("re_16a", "ch_16", "pi_16", 1000, T0.plusSeconds(7200)));
        refunds.add(refund("re_16b", "ch_16", "pi_16", 500, T0.plusSeconds(9000)));
        orders.add(Order.of("mo-17", "partially_refunded", 5000L, "usd", "pi_17", T0, T0));
        intents.add(intent("pi_17", "mo-17", 5000, "usd", "succeeded", T0));
        refunds.add(refund("re_17", null, "pi_17", 2000, T0.plusSeconds(7200)));
        orders.add(Order.of("mo-18", "refunded", 5000L, "usd", "pi_18", T0, T0));
        intents.add(intent("pi_18", "mo-18", 5000, "usd", "succeeded", T0));
        refunds.add(refund("re_18", null, "pi_18", 5000, T0.plusSeconds(7200)));
        assertEquals(List.of(), run().flags());
        orders.set(0, new Order("order", "mo-16", "paid", 5000L, 1000L, "usd", "pi_16", T0, T0, null));
        assertEquals(List.of("FIN-REF-1 refund_not_reflected"), classes(run()));
    }

    @Test
    void matchingByAmountWithinTheWindowWhenTheOrderNamesNoIntent() {
        orders.add(Order.of("mo-19", "paid", 4200L, "usd", null, T0, T0));
        intents.add(intent("pi_19", null, 4200, "usd", "succeeded", T0.plus(Duration.ofDays(1))));
        assertEquals(List.of(), run().flags());
        intents.set(0, intent("pi_19", null, 4200, "usd", "succeeded", T0.plus(Duration.ofDays(4))));
        assertEquals(List.of("FIN-PNR-1 paid_not_recorded", "FIN-RNP-2 recorded_not_paid"), classes(run()),
                "outside the window the two are unrelated");
    }

    @Test
    void payoutGap_wrongAmount_failed_andMissing() {
        Instant p1 = Instant.parse("2026-09-08T09:00:00Z");
        txns.add(txn("txn_a", 1000, "charge", "ch_a", p1.minus(Duration.ofDays(3))));
        txns.add(txn("txn_b", 2000, "charge", "ch_b", p1.minus(Duration.ofDays(1))));
        payouts.add(payout("po_1", 3000, "paid", p1));
        txns.add(txn("txn_c", 500, "charge", "ch_c", p1.plus(Duration.ofDays(2))));
        payouts.add(payout("po_2", 400, "paid", p1.plus(Duration.ofDays(7))));
        ReconciliationReport report = run(Instant.parse("2026-09-20T00:00:00Z"), Instant.parse("2026-09-20T00:00:00Z"));
        assertEquals(List.of("FIN-PAY-1 payout_gap"), classes(report));
        assertEquals(List.of("po_2", "txn_po_2"), report.flags().get(0).evidence());

        payouts.set(1, payout("po_2", 500, "failed", p1.plus(Duration.ofDays(7))));
        report = run(Instant.parse("2026-09-20T00:00:00Z"), Instant.parse("2026-09-20T00:00:00Z"));
        assertEquals(List.of("FIN-PAY-2 payout_gap", "FIN-PAY-3 payout_gap"), classes(report));
        assertEquals(List.of("txn_c"), report.flags().get(1).evidence());
    }

    @Test
    void staleRead_andOrdersPaidAfterTheRead() {
        orders.add(Order.of("mo-20", "paid", 900L, "usd", "pi_20", T0, NOW.minusSeconds(600)));
        ReconciliationReport report = run(NOW, NOW.minus(Duration.ofHours(30)));
        assertEquals(List.of("FIN-STALE-1 stale_stripe_read", "FIN-STALE-2 stale_stripe_read"), classes(report));
        assertEquals("low", report.flags().get(1).severity());
    }

    @Test
    void flagsAreOrderedAndKeyedStably() {
        paidOrder("mo-21", "pi_21", "ch_21", 100);
        orders.set(0, Order.of("mo-21", "paid", 101L, "usd", "pi_21", T0, T0));
        intents.add(intent("pi_22", "mo-22", 5700, "usd", "succeeded", T0));
        FinanceFlag first = run().flags().get(0);
        List<Map<String, Object>> reversed = new ArrayList<>(intents);
        Collections.reverse(reversed);
        ReconciliationReport again = Reconciler.reconcile(orders, reversed, charges, refunds, payouts, txns, NOW, NOW,
                RULES);
        assertEquals(first, again.flags().get(0));
        assertEquals(first.dedupeKey(), again.flags().get(0).dedupeKey());
        assertNotEquals(again.flags().get(0).dedupeKey(), again.flags().get(1).dedupeKey());
        assertEquals("high", first.severity());
    }

    @Test
    void rulesRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ReconciliationRules(-1, Duration.ofDays(3),
                Duration.ofHours(24), Duration.ofDays(7), 0, Duration.ofDays(2), null));
        assertThrows(IllegalArgumentException.class, () -> new FinanceFlag("r", "c", "high", 1.5, List.of(), "h", "s"));
    }
}
