package studio.brain.assist.finance;

import static studio.brain.assist.finance.FinanceFlag.HIGH;
import static studio.brain.assist.finance.FinanceFlag.LOW;
import static studio.brain.assist.finance.FinanceFlag.MEDIUM;
import static studio.brain.assist.finance.StripeRecords.cents;
import static studio.brain.assist.finance.StripeRecords.created;
import static studio.brain.assist.finance.StripeRecords.currency;
import static studio.brain.assist.finance.StripeRecords.metadata;
import static studio.brain.assist.finance.StripeRecords.status;
import static studio.brain.assist.finance.StripeRecords.str;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import studio.brain.hash.ContentHash;

/**
 * Matches Stripe payments, refunds and payouts with the portal's orders, record by record, and reports what does
 * not agree. Pure and read-only: it takes records, returns flags, and moves no money. The same input always gives
 * the same flags in the same order with the same dedupe keys. Rules are described in docs/finance-reconciliation.md.
 */
public final class Reconciler {

    public static final String PAID_NOT_RECORDED = "paid_not_recorded";
    public static final String RECORDED_NOT_PAID = "recorded_not_paid";
    public static final String AMOUNT_MISMATCH = "amount_mismatch";
    public static final String CURRENCY_MISMATCH = "currency_mismatch";
    public static final String DUPLICATE_CHARGE = "duplicate_charge";
    public static final String REFUND_NOT_REFLECTED = "refund_not_reflected";
    public static final String PAYOUT_GAP = "payout_gap";
    public static final String STALE_STRIPE_READ = "stale_stripe_read";
    public static final List<String> CLASSES = List.of(PAID_NOT_RECORDED, RECORDED_NOT_PAID, AMOUNT_MISMATCH,
            CURRENCY_MISMATCH, DUPLICATE_CHARGE, REFUND_NOT_REFLECTED, PAYOUT_GAP, STALE_STRIPE_READ);
    public static final List<String> SEVERITIES = List.of(HIGH, MEDIUM, LOW);

    private static final Set<String> REVERSED_STATUSES = Set.of("cancelled", "canceled", "refunded", "voided");

    private Reconciler() {
    }

    /** Reconciles everything given, whatever its time. */
    public static ReconciliationReport reconcile(List<Order> orders, List<Map<String, Object>> intents,
            List<Map<String, Object>> charges, List<Map<String, Object>> refunds, List<Map<String, Object>> payouts,
            List<Map<String, Object>> balanceTransactions, Instant now, Instant stripeReadAt,
            ReconciliationRules rules) {
        return reconcile(orders, intents, charges, refunds, payouts, balanceTransactions, now, stripeReadAt, rules,
                null, null);
    }

    /** Reconciles what {@link FinanceInputs#read} read, flagging only records that fall in its window. */
    public static ReconciliationReport reconcile(FinanceInputs inputs, Instant now, ReconciliationRules rules) {
        return reconcile(inputs.orders(), inputs.intents(), inputs.charges(), inputs.refunds(), inputs.payouts(),
                inputs.balanceTransactions(), now, inputs.readAt(), rules, inputs.from(), inputs.to());
    }

    /**
     * Reconciles all records given; flags only those whose time (an order's creation, a payment's creation, a
     * payout's date) is in {@code [scopeFrom, scopeTo)} — records around the window still serve as matches.
     */
    public static ReconciliationReport reconcile(List<Order> orders, List<Map<String, Object>> intents,
            List<Map<String, Object>> charges, List<Map<String, Object>> refunds, List<Map<String, Object>> payouts,
            List<Map<String, Object>> balanceTransactions, Instant now, Instant stripeReadAt,
            ReconciliationRules rules, Instant scopeFrom, Instant scopeTo) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(rules, "rules");
        return new Run(orders == null ? List.of() : orders, intents, charges, refunds, payouts, balanceTransactions,
                now, stripeReadAt, rules, scopeFrom, scopeTo).run();
    }

    /** One payment: an intent with its charges and refunds, or a charge that names no intent. */
    private static final class Payment {
        final String key;
        Map<String, Object> intent;
        final List<Map<String, Object>> charges = new ArrayList<>();
        final List<Map<String, Object>> refunds = new ArrayList<>();

        Payment(String key) {
            this.key = key;
        }

        String orderRef() {
            String ref = metadata(intent, "orderId");
            for (Map<String, Object> charge : charges) {
                ref = ref != null ? ref : metadata(charge, "orderId");
            }
            return ref;
        }

        String currency() {
            return intent != null ? StripeRecords.currency(intent) : charges.isEmpty() ? null : StripeRecords.currency(charges.get(0));
        }

        Instant created() {
            Instant created = StripeRecords.created(intent);
            for (Map<String, Object> charge : charges) {
                Instant at = StripeRecords.created(charge);
                created = created == null || (at != null && at.isBefore(created)) ? at : created;
            }
            return created;
        }

        List<Map<String, Object>> succeededCharges() {
            return charges.stream().filter(c -> status(c).equals("succeeded") && !Boolean.FALSE.equals(c.get("paid"))).toList();
        }

        boolean succeeded() {
            return status(intent).equals("succeeded") || !succeededCharges().isEmpty();
        }

        String state() {
            if (intent != null) {
                return status(intent);
            }
            return charges.isEmpty() ? "" : status(charges.get(0));
        }

        long charged() {
            List<Map<String, Object>> succeeded = succeededCharges();
            if (!succeeded.isEmpty()) {
                return succeeded.stream().mapToLong(c -> StripeRecords.has(c, "amount_captured")
                        && cents(c, "amount_captured") > 0 ? cents(c, "amount_captured") : cents(c, "amount")).sum();
            }
            return cents(intent, "amount_received") > 0 ? cents(intent, "amount_received") : cents(intent, "amount");
        }

        long refunded() {
            long fromRefunds = refunds.stream().filter(r -> status(r).equals("succeeded")).mapToLong(r -> cents(r, "amount")).sum();
            long fromCharges = charges.stream().mapToLong(c -> cents(c, "amount_refunded")).sum();
            return Math.max(fromRefunds, fromCharges); // a charge copy read before its refund says less
        }

        boolean fullyRefunded() {
            return refunded() >= charged() && charged() > 0;
        }

        List<String> ids() {
            List<String> ids = new ArrayList<>();
            if (intent != null) {
                ids.add(str(intent, "id"));
            }
            charges.forEach(c -> ids.add(str(c, "id")));
            refunds.forEach(r -> ids.add(str(r, "id")));
            return ids;
        }

        List<Map<String, Object>> records() {
            List<Map<String, Object>> records = new ArrayList<>();
            if (intent != null) {
                records.add(intent);
            }
            records.addAll(charges);
            records.addAll(refunds);
            return records;
        }
    }

    private static final class Run {
        final List<Order> orders;
        final StripeRecords.Merged intents;
        final StripeRecords.Merged charges;
        final StripeRecords.Merged refunds;
        final StripeRecords.Merged payouts;
        final StripeRecords.Merged txns;
        final Instant now;
        final Instant readAt;
        final ReconciliationRules rules;
        final Instant from;
        final Instant to;
        final boolean stale;
        final Map<String, Payment> payments = new TreeMap<>();
        final Map<String, Payment> paymentByCharge = new HashMap<>();
        final Map<String, List<Payment>> linked = new HashMap<>();
        final Map<String, Double> linkConfidence = new HashMap<>();
        final Map<String, Order> orderOfPayment = new HashMap<>();
        final Map<String, String> hashes = new HashMap<>();
        final List<FinanceFlag> flags = new ArrayList<>();

        Run(List<Order> orders, List<Map<String, Object>> intents, List<Map<String, Object>> charges,
                List<Map<String, Object>> refunds, List<Map<String, Object>> payouts,
                List<Map<String, Object>> txns, Instant now, Instant readAt, ReconciliationRules rules, Instant from,
                Instant to) {
            this.orders = orders.stream().sorted(Comparator.comparing(Order::ref)).toList();
            this.intents = StripeRecords.merge(intents);
            this.charges = StripeRecords.merge(charges);
            this.refunds = StripeRecords.merge(refunds);
            this.payouts = StripeRecords.merge(payouts);
            this.txns = StripeRecords.merge(txns);
            this.now = now;
            this.readAt = readAt;
            this.rules = rules;
            this.from = from;
            this.to = to;
            this.stale = readAt != null && Duration.between(readAt, now).compareTo(rules.staleReadAfter()) > 0;
        }

        boolean inScope(Instant at) {
            return at == null || ((from == null || !at.isBefore(from)) && (to == null || at.isBefore(to)));
        }

        ReconciliationReport run() {
            buildPayments();
            link();
            staleRead();
            for (Order order : orders) {
                if (inScope(order.anchor())) {
                    checkOrder(order);
                }
            }
            for (Payment payment : payments.values()) {
                if (!orderOfPayment.containsKey(payment.key) && payment.succeeded() && !payment.fullyRefunded()
                        && inScope(payment.created())) {
                    String ref = payment.orderRef();
                    List<String> evidence = new ArrayList<>(payment.ids());
                    flag("FIN-PNR-1", PAID_NOT_RECORDED, HIGH, ref != null ? 0.95 : 0.85, evidence,
                            "succeeded payment " + payment.key + " of " + payment.charged() + " " + payment.currency()
                                    + (ref != null ? " names order " + ref + ", which does not exist" : " matches no order"));
                }
            }
            payouts();
            return report();
        }

        void buildPayments() {
            intents.byId().forEach((id, intent) -> payments.computeIfAbsent(id, Payment::new).intent = intent);
            charges.byId().forEach((id, charge) -> {
                String intentId = str(charge, "payment_intent");
                Payment payment = payments.computeIfAbsent(intentId != null ? intentId : id, Payment::new);
                payment.charges.add(charge);
                paymentByCharge.put(id, payment);
            });
            refunds.byId().forEach((id, refund) -> {
                Payment payment = paymentByCharge.get(str(refund, "charge"));
                if (payment == null && str(refund, "payment_intent") != null) {
                    payment = payments.get(str(refund, "payment_intent"));
                }
                if (payment != null) {
                    payment.refunds.add(refund);
                }
            });
        }

        void link(Order order, Payment payment, double confidence) {
            linked.computeIfAbsent(order.ref(), k -> new ArrayList<>()).add(payment);
            orderOfPayment.put(payment.key, order);
            linkConfidence.put(payment.key, confidence);
        }

        void link() {
            Map<String, Order> byId = new HashMap<>();
            for (Order order : orders) {
                byId.putIfAbsent(order.id(), order);
            }
            for (Order order : orders) { // by the intent id the order records
                Payment payment = order.stripePaymentIntentId() == null ? null : payments.get(order.stripePaymentIntentId());
                if (payment != null && !orderOfPayment.containsKey(payment.key)) {
                    link(order, payment, 1.0);
                }
            }
            for (Payment payment : payments.values()) { // by the order id in the payment's metadata
                Order order = payment.orderRef() == null ? null : byId.get(payment.orderRef());
                if (order != null && !orderOfPayment.containsKey(payment.key)) {
                    link(order, payment, 0.95);
                }
            }
            // by amount and currency within the match window, for orders that name no intent
            record Pair(Order order, Payment payment, long distance) {
            }
            List<Pair> pairs = new ArrayList<>();
            for (Order order : orders) {
                if (order.stripePaymentIntentId() != null || linked.containsKey(order.ref()) || order.amountCents() == null
                        || order.anchor() == null) {
                    continue;
                }
                for (Payment payment : payments.values()) {
                    if (orderOfPayment.containsKey(payment.key) || payment.orderRef() != null || !payment.succeeded()
                            || payment.created() == null) {
                        continue;
                    }
                    long distance = Math.abs(Duration.between(order.anchor(), payment.created()).getSeconds());
                    if (Objects.equals(order.currency(), payment.currency())
                            && Math.abs(order.amountCents() - payment.charged()) <= rules.amountToleranceCents()
                            && distance <= rules.matchWindow().getSeconds()) {
                        pairs.add(new Pair(order, payment, distance));
                    }
                }
            }
            pairs.sort(Comparator.comparingLong(Pair::distance).thenComparing(p -> p.order().ref())
                    .thenComparing(p -> p.payment().key));
            for (Pair pair : pairs) {
                if (!linked.containsKey(pair.order().ref()) && !orderOfPayment.containsKey(pair.payment().key)) {
                    link(pair.order(), pair.payment(), 0.7);
                }
            }
        }

        void staleRead() {
            if (stale) {
                flag("FIN-STALE-1", STALE_STRIPE_READ, MEDIUM, 1.0, List.of("stripe-read"),
                        "stripe records read " + Duration.between(readAt, now).toHours() + " h before the run; limit "
                                + rules.staleReadAfter().toHours() + " h");
            }
        }

        void checkOrder(Order order) {
            List<Payment> links = linked.getOrDefault(order.ref(), List.of());
            List<Payment> succeeded = links.stream().filter(Payment::succeeded).toList();
            boolean paid = rules.paid(order.status());
            boolean reversed = REVERSED_STATUSES.contains(order.status());
            double absence = stale ? 0.8 : 1.0;
            if (paid && succeeded.isEmpty()) {
                boolean newerThanRead = readAt != null && order.paidAt() != null && order.paidAt().isAfter(readAt);
                List<String> evidence = new ArrayList<>(List.of(order.ref()));
                links.forEach(p -> evidence.addAll(p.ids()));
                if (newerThanRead) {
                    flag("FIN-STALE-2", STALE_STRIPE_READ, LOW, 0.9, evidence, order.ref() + " paid after the stripe read; "
                            + "its payment cannot be checked until the next read");
                } else if (!links.isEmpty()) {
                    Payment payment = links.get(0);
                    String status = payment.state();
                    boolean dead = status.equals("canceled") || status.equals("failed")
                            || status.startsWith("requires_payment");
                    flag("FIN-RNP-1", RECORDED_NOT_PAID, dead ? HIGH : MEDIUM,
                            0.9 * linkConfidence.get(payment.key) * absence, evidence,
                            order.ref() + " status " + order.status() + " but payment " + payment.key + " is " + status);
                } else if (order.stripePaymentIntentId() != null || order.paidAt() != null) {
                    if (order.stripePaymentIntentId() != null) {
                        evidence.add(order.stripePaymentIntentId());
                    }
                    flag("FIN-RNP-2", RECORDED_NOT_PAID, HIGH,
                            (order.stripePaymentIntentId() != null ? 0.8 : 0.7) * absence, evidence,
                            order.ref() + " status " + order.status() + " but no payment "
                                    + (order.stripePaymentIntentId() != null ? order.stripePaymentIntentId() + " " : "")
                                    + "was found in the stripe read");
                }
                return;
            }
            if (succeeded.isEmpty()) {
                return;
            }
            Payment primary = succeeded.stream().filter(p -> p.key.equals(order.stripePaymentIntentId())).findFirst()
                    .orElse(succeeded.stream().min(Comparator.comparing(Payment::created,
                            Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(p -> p.key)).orElseThrow());
            double link = linkConfidence.get(primary.key);
            if (!paid && !reversed) {
                List<String> evidence = evidence(order, succeeded);
                flag("FIN-PNR-2", PAID_NOT_RECORDED, MEDIUM, 0.9 * link, evidence, order.ref() + " status "
                        + order.status() + " but payment " + primary.key + " of " + primary.charged() + " "
                        + primary.currency() + " succeeded");
            }
            if (reversed) {
                long kept = succeeded.stream().mapToLong(p -> Math.max(0, p.charged() - p.refunded())).sum();
                if (kept > rules.amountToleranceCents()) {
                    flag("FIN-PNR-3", PAID_NOT_RECORDED, MEDIUM, 0.85 * link, evidence(order, succeeded),
                            order.ref() + " status " + order.status() + " but " + kept + " "
                                    + primary.currency() + " of its payment was kept (not refunded)");
                }
            }
            // duplicates: more than one live payment, or more than one live charge in one payment
            List<Payment> live = succeeded.stream().filter(p -> !p.fullyRefunded()).toList();
            if (live.size() >= 2) {
                boolean sameAmount = live.stream().map(Payment::charged).distinct().count() == 1;
                flag("FIN-DUP-1", DUPLICATE_CHARGE, HIGH, (sameAmount ? 0.95 : 0.8) * link, evidence(order, live),
                        order.ref() + " has " + live.size() + " succeeded payments: "
                                + String.join(", ", live.stream().map(p -> p.key + "=" + p.charged()).toList()));
            }
            for (Payment payment : live) {
                List<Map<String, Object>> liveCharges = payment.succeededCharges().stream()
                        .filter(c -> cents(c, "amount_refunded") < cents(c, "amount")).toList();
                if (liveCharges.size() >= 2) {
                    List<String> evidence = new ArrayList<>(List.of(order.ref(), payment.key));
                    liveCharges.forEach(c -> evidence.add(str(c, "id")));
                    flag("FIN-DUP-2", DUPLICATE_CHARGE, HIGH, 0.9 * link, evidence, "payment " + payment.key + " of "
                            + order.ref() + " has " + liveCharges.size() + " succeeded charges");
                }
            }
            // currency, then amount (amounts in different currencies do not compare)
            if (order.currency() != null && primary.currency() != null && !order.currency().equals(primary.currency())) {
                flag("FIN-CUR-1", CURRENCY_MISMATCH, HIGH, 0.95 * link, evidence(order, List.of(primary)),
                        order.ref() + " is in " + order.currency() + " but payment " + primary.key + " is in "
                                + primary.currency());
            } else if (order.amountCents() == null) {
                if (paid) {
                    flag("FIN-AMT-2", AMOUNT_MISMATCH, LOW, 0.5, evidence(order, List.of(primary)), order.ref()
                            + " has no amount; payment " + primary.key + " is " + primary.charged());
                }
            } else {
                long diff = primary.charged() - order.amountCents();
                if (Math.abs(diff) > rules.amountToleranceCents()) {
                    boolean large = Math.abs(diff) * 10 >= Math.max(1, order.amountCents());
                    flag("FIN-AMT-1", AMOUNT_MISMATCH, large ? HIGH : MEDIUM, 0.9 * link,
                            evidence(order, List.of(primary)), order.ref() + " amount " + order.amountCents()
                                    + " but payment " + primary.key + " charged " + primary.charged() + " (diff " + diff + ")");
                }
            }
            // refunds on the order's payment must show on the order
            long refunded = primary.refunded();
            if (refunded > 0) {
                long charged = primary.charged();
                boolean full = refunded >= charged - rules.amountToleranceCents();
                boolean reflected;
                if (order.refundedCents() != null) {
                    reflected = Math.abs(order.refundedCents() - refunded) <= rules.amountToleranceCents();
                } else if (full) {
                    reflected = reversed;
                } else {
                    reflected = order.status() != null && order.status().startsWith("partially_refunded");
                }
                if (!reflected) {
                    flag("FIN-REF-1", REFUND_NOT_REFLECTED, full && paid ? HIGH : MEDIUM,
                            (full || order.refundedCents() != null ? 0.9 : 0.75) * link, evidence(order, List.of(primary)),
                            order.ref() + " status " + order.status() + ", refunded on record "
                                    + (order.refundedCents() == null ? "none" : order.refundedCents()) + ", but payment "
                                    + primary.key + " refunded " + refunded + " of " + charged);
                }
            }
        }

        List<String> evidence(Order order, List<Payment> payments) {
            List<String> evidence = new ArrayList<>(List.of(order.ref()));
            payments.forEach(p -> evidence.addAll(p.ids()));
            return evidence;
        }

        void payouts() {
            List<Map<String, Object>> activity = txns.byId().values().stream()
                    .filter(t -> !String.valueOf(str(t, "type")).startsWith("payout") && created(t) != null).toList();
            Set<String> covered = new HashSet<>();
            Instant anchor = null;
            for (Map<String, Object> payout : payouts.byId().values()) {
                Instant at = created(payout);
                String id = str(payout, "id");
                List<String> evidence = new ArrayList<>(List.of(id));
                if (str(payout, "balance_transaction") != null) {
                    evidence.add(str(payout, "balance_transaction"));
                }
                String status = status(payout);
                if (status.equals("failed") || status.equals("canceled")) {
                    if (inScope(at)) {
                        flag("FIN-PAY-2", PAYOUT_GAP, HIGH, 0.95, evidence, "payout " + id + " of "
                                + cents(payout, "amount") + " " + currency(payout) + " is " + status);
                    }
                    continue;
                }
                if (at == null) {
                    continue;
                }
                anchor = anchor == null || at.isBefore(anchor) ? at : anchor;
                Instant start = at.minus(rules.payoutInterval());
                long expected = 0;
                int count = 0;
                for (Map<String, Object> txn : activity) {
                    Instant t = created(txn);
                    if (!t.isBefore(start) && t.isBefore(at) && Objects.equals(currency(txn), currency(payout))) {
                        expected += cents(txn, "net");
                        count++;
                        covered.add(str(txn, "id"));
                    }
                }
                long diff = cents(payout, "amount") - expected;
                if (Math.abs(diff) > rules.payoutToleranceCents() && inScope(at)) {
                    flag("FIN-PAY-1", PAYOUT_GAP, HIGH, 0.85, evidence, "payout " + id + " of "
                            + cents(payout, "amount") + " but the " + count + " balance transactions of its interval net "
                            + expected + " (diff " + diff + ")");
                }
            }
            if (anchor == null) {
                return;
            }
            long interval = rules.payoutInterval().getSeconds();
            Map<Long, List<Map<String, Object>>> buckets = new TreeMap<>();
            for (Map<String, Object> txn : activity) {
                if (!covered.contains(str(txn, "id"))) {
                    long k = Math.floorDiv(created(txn).getEpochSecond() - anchor.getEpochSecond(), interval);
                    buckets.computeIfAbsent(k, x -> new ArrayList<>()).add(txn);
                }
            }
            for (Map.Entry<Long, List<Map<String, Object>>> bucket : buckets.entrySet()) {
                Instant end = anchor.plusSeconds((bucket.getKey() + 1) * interval);
                long net = bucket.getValue().stream().mapToLong(t -> cents(t, "net")).sum();
                if (net > rules.payoutToleranceCents() && !end.plus(rules.payoutGrace()).isAfter(now)
                        && inScope(end.minusSeconds(1))) {
                    List<String> evidence = bucket.getValue().stream().map(t -> str(t, "id")).sorted().toList();
                    flag("FIN-PAY-3", PAYOUT_GAP, MEDIUM, 0.75, evidence, evidence.size()
                            + " balance transactions netting " + net + " before " + end + " were never paid out");
                }
            }
        }

        String hashOf(String id) {
            return hashes.computeIfAbsent(id, this::computeHash);
        }

        String computeHash(String id) {
            for (Order order : orders) {
                if (order.ref().equals(id)) {
                    return order.sourceHash() != null ? order.sourceHash() : ContentHash.of(StripeRecords.hashable(
                            orderMap(order)));
                }
            }
            for (StripeRecords.Merged merged : List.of(intents, charges, refunds, payouts, txns)) {
                Map<String, Object> record = merged.byId().get(id);
                if (record != null) {
                    return StripeRecords.hash(record);
                }
            }
            if (id.equals("stripe-read")) {
                return ContentHash.of(Map.of("stripeReadAt", String.valueOf(readAt)));
            }
            return ContentHash.of(Map.of("missing", id));
        }

        static Map<String, Object> orderMap(Order order) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("kind", order.kind());
            map.put("id", order.id());
            map.put("status", order.status());
            map.put("amountCents", order.amountCents());
            map.put("refundedCents", order.refundedCents());
            map.put("currency", order.currency());
            map.put("stripePaymentIntentId", order.stripePaymentIntentId());
            map.put("createdAt", order.createdAt());
            map.put("paidAt", order.paidAt());
            return map;
        }

        void flag(String rule, String cls, String severity, double confidence, List<String> evidence, String summary) {
            List<String> ids = evidence.stream().filter(Objects::nonNull).distinct().toList();
            Map<String, String> sourceHashes = new TreeMap<>();
            ids.forEach(id -> sourceHashes.put(id, hashOf(id)));
            double rounded = Math.round(confidence * 100) / 100.0;
            flags.add(new FinanceFlag(rule, cls, severity, rounded, ids, ContentHash.of(sourceHashes), summary));
        }

        ReconciliationReport report() {
            Map<String, FinanceFlag> unique = new LinkedHashMap<>();
            flags.stream().sorted(Comparator.comparingInt(FinanceFlag::severityRank)
                            .thenComparing(FinanceFlag::discrepancyClass).thenComparing(FinanceFlag::ruleId)
                            .thenComparing(f -> String.join(",", f.evidence())))
                    .forEach(f -> unique.putIfAbsent(f.dedupeKey(), f));
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            for (String cls : CLASSES) {
                Map<String, Integer> bySeverity = new LinkedHashMap<>();
                SEVERITIES.forEach(s -> bySeverity.put(s, 0));
                counts.put(cls, bySeverity);
            }
            unique.values().forEach(f -> counts.get(f.discrepancyClass()).merge(f.severity(), 1, Integer::sum));
            Map<String, Integer> read = new LinkedHashMap<>();
            read.put("orders", orders.size());
            read.put("paymentIntents", intents.byId().size());
            read.put("charges", charges.byId().size());
            read.put("refunds", refunds.byId().size());
            read.put("payouts", payouts.byId().size());
            read.put("balanceTransactions", txns.byId().size());
            int dropped = intents.dropped() + charges.dropped() + refunds.dropped() + payouts.dropped() + txns.dropped();
            return new ReconciliationReport(List.copyOf(unique.values()), counts, read, dropped, now, readAt, rules);
        }
    }
}
