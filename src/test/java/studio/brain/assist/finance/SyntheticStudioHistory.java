package studio.brain.assist.finance;

import static studio.brain.assist.finance.StripeFixtures.charge;
import static studio.brain.assist.finance.StripeFixtures.intent;
import static studio.brain.assist.finance.StripeFixtures.refund;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A made-up studio's orders and Stripe records over some weeks, generated from a seed, with discrepancies injected
 * at known places. Each injected discrepancy is a {@link Label}: its class and the ids a flag must name. Webhook
 * noise (repeated records, older copies arriving late) is mixed in, and every list is shuffled.
 */
final class SyntheticStudioHistory {

    /** An injected discrepancy: a flag of this class naming any of these ids detects it. */
    record Label(String discrepancyClass, Set<String> ids) {
    }

    static final long[] PRICES = {800, 1200, 1900, 2600, 3800, 4400, 5200};

    final Random random;
    final int weeks;
    final Instant start = Instant.parse("2026-03-02T00:00:00Z");
    final Instant now;
    final Instant readAt;
    final List<Order> orders = new ArrayList<>();
    final List<Map<String, Object>> intents = new ArrayList<>();
    final List<Map<String, Object>> charges = new ArrayList<>();
    final List<Map<String, Object>> refunds = new ArrayList<>();
    final List<Map<String, Object>> payouts = new ArrayList<>();
    final List<Map<String, Object>> txns = new ArrayList<>();
    final List<Label> labels = new ArrayList<>();
    private int serial;

    SyntheticStudioHistory(long seed, int weeks, int ordersPerWeek, boolean staleRead) {
        this.random = new Random(seed);
        this.weeks = weeks;
        this.now = start.plus(Duration.ofDays(7L * weeks));
        this.readAt = staleRead ? now.minus(Duration.ofHours(30)) : now.minus(Duration.ofHours(1));
        if (staleRead) {
            labels.add(new Label(Reconciler.STALE_STRIPE_READ, Set.of("stripe-read")));
        }
        // normal traffic ends two days before the run, so every record of it was read
        Instant trafficEnd = now.minus(Duration.ofDays(2));
        int total = weeks * ordersPerWeek;
        List<Integer> injected = injections(total);
        for (int n = 0; n < total; n++) {
            Instant created = start.plusSeconds((long) (random.nextDouble() * Duration.between(start, trafficEnd)
                    .minusHours(6).getSeconds()));
            order(String.format("mo-%05d", n), created, injected.get(n));
        }
        for (int i = 0; i < 3; i++) { // paid after the stripe read: cannot be checked yet
            String id = "mo-late-" + i;
            Instant created = now.minus(Duration.ofMinutes(30 + i));
            orders.add(Order.of(id, "paid", 1900L, "usd", "pi_late_" + i, created, created.plusSeconds(60)));
            labels.add(new Label(Reconciler.STALE_STRIPE_READ, Set.of("order:" + id)));
        }
        payouts();
        noise();
    }

    /** Which kind of discrepancy each order carries (0: none). */
    private List<Integer> injections(int total) {
        List<Integer> kinds = new ArrayList<>(Collections.nCopies(total, 0));
        int perClass = Math.max(2, total / 60);
        int slot = 0;
        for (int kind = 1; kind <= 8; kind++) {
            for (int i = 0; i < perClass; i++) {
                kinds.set(slot++, kind);
            }
        }
        Collections.shuffle(kinds, random);
        return kinds;
    }

    private String id(String prefix) {
        return prefix + "_" + Long.toString(Math.abs(random.nextLong()), 36) + (serial++);
    }

    private void order(String orderId, Instant created, int inject) {
        long amount = 0;
        for (int i = 0, k = 1 + random.nextInt(3); i < k; i++) {
            amount += PRICES[random.nextInt(PRICES.length)] * (1 + random.nextInt(2));
        }
        String currency = "usd";
        String ref = "order:" + orderId;
        int roll = random.nextInt(100);
        String status = roll < 10 ? "pending" : roll < 20 ? "cancelled" : roll < 45 ? "paid" : roll < 75 ? "fulfilled"
                : "completed";
        boolean partialRefund = status.equals("completed") && random.nextInt(6) == 0 && inject == 0;
        boolean byAmountOnly = status.equals("paid") && random.nextInt(12) == 0 && inject == 0;
        switch (inject) {
            case 1, 3, 4, 5, 6, 8 -> status = "paid";
            case 2 -> status = "pending";
            case 7 -> status = "fulfilled";
            default -> { }
        }
        Instant piAt = created.plusSeconds(120);
        String piStatus = switch (status) {
            case "pending" -> "requires_payment_method";
            case "cancelled" -> random.nextBoolean() ? "canceled" : "succeeded"; // succeeded ones get refunded
            default -> "succeeded";
        };
        boolean cancelRefund = status.equals("cancelled") && piStatus.equals("succeeded");
        if (inject == 2) { // paid, but the order was never updated
            piStatus = "succeeded";
            labels.add(new Label(Reconciler.PAID_NOT_RECORDED, Set.of(ref)));
        }
        if (inject == 3) { // marked paid, payment never completed
            piStatus = random.nextBoolean() ? "processing" : "canceled";
            labels.add(new Label(Reconciler.RECORDED_NOT_PAID, Set.of(ref)));
        }
        String piId = payment(orderId, amount, currency, piStatus, piAt, byAmountOnly);
        Long recordedAmount = amount;
        String recordedCurrency = currency;
        Long refundedCents = null;
        if (inject == 4) {
            long delta = (random.nextInt(4) == 0 ? 1 + random.nextInt(9) : (1 + random.nextInt(20)) * 100L)
                    * (random.nextBoolean() ? 1 : -1); // a cent off counts too
            recordedAmount = amount + delta;
            labels.add(new Label(Reconciler.AMOUNT_MISMATCH, Set.of(ref)));
        }
        if (inject == 5) {
            recordedCurrency = random.nextBoolean() ? "eur" : "cad";
            labels.add(new Label(Reconciler.CURRENCY_MISMATCH, Set.of(ref)));
        }
        if (inject == 6) { // a second payment for the same order a few minutes later
            payment(orderId, amount, currency, "succeeded", piAt.plusSeconds(60L * (1 + random.nextInt(10))), false);
            labels.add(new Label(Reconciler.DUPLICATE_CHARGE, Set.of(ref)));
        }
        if (cancelRefund) {
            refundOf(piId, orderId, amount, piAt.plus(Duration.ofHours(2 + random.nextInt(40))));
        }
        if (partialRefund) {
            long part = amount / 4;
            refundOf(piId, orderId, part, piAt.plus(Duration.ofHours(2 + random.nextInt(40))));
            refundedCents = part;
        }
        if (inject == 7) { // refunded in Stripe, the order still fulfilled
            long part = random.nextBoolean() ? amount : amount / 2;
            refundOf(piId, orderId, part, piAt.plus(Duration.ofHours(2 + random.nextInt(40))));
            labels.add(new Label(Reconciler.REFUND_NOT_REFLECTED, Set.of(ref)));
        }
        Instant paidAt = piStatus.equals("succeeded") || inject == 3 ? piAt.plusSeconds(60) : null;
        if (inject == 2 || status.equals("pending") || status.equals("cancelled")) {
            paidAt = null;
        }
        if (inject == 8) { // an orphan payment naming an order that does not exist
            String orphan = payment(orderId + "-x", amount, currency, "succeeded", piAt.plusSeconds(3600), false);
            labels.add(new Label(Reconciler.PAID_NOT_RECORDED, Set.of(orphan)));
        }
        orders.add(new Order("order", orderId, status, recordedAmount, refundedCents, recordedCurrency,
                byAmountOnly ? null : piId, created, paidAt, null));
    }

    private String payment(String orderId, long amount, String currency, String status, Instant at,
            boolean noMetadata) {
        String piId = id("pi");
        intents.add(intent(piId, noMetadata ? null : orderId, amount, currency, status, at));
        if (status.equals("succeeded") || status.equals("processing")) {
            String chId = id("ch");
            Instant chAt = at.plusSeconds(60);
            charges.add(charge(chId, piId, noMetadata ? null : orderId, amount, currency,
                    status.equals("succeeded") ? "succeeded" : "pending", 0, chAt));
            if (status.equals("succeeded")) {
                long fee = Math.round(amount * 0.029) + 30;
                Map<String, Object> txn = StripeFixtures.txn(id("txn"), amount - fee, "charge", chId, chAt);
                txns.add(txn);
            }
        }
        return piId;
    }

    private void refundOf(String piId, String orderId, long amount, Instant at) {
        Map<String, Object> pi = intents.stream().filter(p -> p.get("id").equals(piId)).findFirst().orElseThrow();
        String chId = charges.stream().filter(c -> piId.equals(c.get("payment_intent"))).map(c -> (String) c.get("id"))
                .findFirst().orElseThrow();
        String reId = id("re");
        refunds.add(refund(reId, chId, (String) pi.get("id"), amount, at));
        for (Map<String, Object> charge : charges) {
            if (charge.get("id").equals(chId)) {
                charge.put("amount_refunded", (Long) charge.get("amount_refunded") + amount);
                charge.put("refunded", (Long) charge.get("amount_refunded") >= (Long) charge.get("amount"));
            }
        }
        txns.add(StripeFixtures.txn(id("txn"), -amount, "refund", reId, at));
    }

    private void payouts() {
        Instant first = start.plus(Duration.ofHours(33)); // Tuesdays, 09:00
        List<Map<String, Object>> activity = new ArrayList<>(txns);
        int week = 0;
        List<Integer> dropWeeks = List.of(3 + random.nextInt(weeks / 3), weeks / 3 + 3 + random.nextInt(weeks / 3));
        List<Integer> skewWeeks = List.of(2 + random.nextInt(weeks - 4), 2 + random.nextInt(weeks - 4));
        for (Instant at = first; !at.isAfter(now); at = at.plus(Duration.ofDays(7)), week++) {
            long total = 0;
            List<String> ids = new ArrayList<>();
            for (Map<String, Object> txn : activity) {
                long created = (Long) txn.get("created");
                if (created < at.getEpochSecond() && created >= at.minus(Duration.ofDays(7)).getEpochSecond()) {
                    total += (Long) txn.get("net");
                    ids.add((String) txn.get("id"));
                }
            }
            if (total <= 0) {
                continue;
            }
            String poId = id("po");
            if (dropWeeks.contains(week) && week > 0) { // the payout never happened
                labels.add(new Label(Reconciler.PAYOUT_GAP, Set.copyOf(ids)));
                continue;
            }
            long amount = total;
            if (skewWeeks.contains(week) && !dropWeeks.contains(week)) {
                amount = total - (100 + random.nextInt(5000));
                labels.add(new Label(Reconciler.PAYOUT_GAP, Set.of(poId)));
            }
            Map<String, Object> po = StripeFixtures.payout(poId, amount, at.plus(Duration.ofDays(2)).isAfter(now)
                    ? "in_transit" : "paid", at);
            payouts.add(po);
            txns.add(StripeFixtures.txn("txn_" + poId, -amount, "payout", poId, at));
        }
    }

    /** Webhook noise: repeated deliveries and older copies arriving after newer ones; then shuffled. */
    private void noise() {
        for (List<Map<String, Object>> list : List.of(intents, charges, refunds, txns)) {
            List<Map<String, Object>> copies = new ArrayList<>();
            for (Map<String, Object> record : list) {
                if (random.nextInt(10) == 0) {
                    copies.add(new LinkedHashMap<>(record));
                }
                if (random.nextInt(10) == 0 && "succeeded".equals(record.get("status"))) {
                    Map<String, Object> older = new LinkedHashMap<>(record);
                    older.put("status", record.get("object").equals("payment_intent") ? "processing" : "pending");
                    older.put("amount_refunded", 0L);
                    copies.add(older);
                }
            }
            list.addAll(copies);
            Collections.shuffle(list, random);
        }
        // what the stripe read could see
        long read = readAt.getEpochSecond();
        for (List<Map<String, Object>> list : List.of(intents, charges, refunds, payouts, txns)) {
            list.removeIf(r -> (Long) r.get("created") > read);
        }
    }

    ReconciliationReport reconcile() {
        return Reconciler.reconcile(orders, intents, charges, refunds, payouts, txns, now, readAt,
                ReconciliationRules.defaults());
    }
}
