package studio.brain.cloud;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes the bundled sample studio ({@code src/main/resources/sample-studio}) deterministically: a fixed seed, a
 * fixed export time, made-up member ids and no personal data. The committed files are its output;
 * {@code SampleStudioGeneratorTest} checks they still match, and rewrites them when run with
 * {@code -Dsample.regenerate=true}. The planted inconsistencies are listed in the export's {@code README.md}.
 */
final class SampleStudioGenerator {
    static final Instant EXPORTED_AT = Instant.parse("2026-11-20T18:00:00Z");
    static final long SEED = 20_261_120L;

    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Random random = new Random(SEED);
    /** Relative path to content, sorted. */
    private final Map<String, Map<String, Object>> files = new TreeMap<>();
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();

    private final List<Map<String, Object>> paymentIntents = new ArrayList<>();
    private final List<Map<String, Object>> charges = new ArrayList<>();
    private final List<Map<String, Object>> refunds = new ArrayList<>();
    private final List<Map<String, Object>> balanceTransactions = new ArrayList<>();
    private final List<Map<String, Object>> payouts = new ArrayList<>();

    /** Every generated file: relative path to its bytes (JSON files and {@code index.json}). */
    static Map<String, byte[]> generate() {
        return new SampleStudioGenerator().build();
    }

    static void writeTo(Path root) throws IOException {
        for (Map.Entry<String, byte[]> file : generate().entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
    }

    private Map<String, byte[]> build() {
        batches();
        reservations();
        kilnFirings();
        communityReports();
        agentRequests();
        materialsOrders();
        payouts();
        studioMetrics();
        for (Map<String, Object> o : paymentIntents) {
            files.put("stripe/payment_intents/" + o.get("id") + ".json", o);
        }
        for (Map<String, Object> o : charges) {
            files.put("stripe/charges/" + o.get("id") + ".json", o);
        }
        for (Map<String, Object> o : refunds) {
            files.put("stripe/refunds/" + o.get("id") + ".json", o);
        }
        for (Map<String, Object> o : payouts) {
            files.put("stripe/payouts/" + o.get("id") + ".json", o);
        }
        for (Map<String, Object> o : balanceTransactions) {
            files.put("stripe/balance_transactions/" + o.get("id") + ".json", o);
        }
        Map<String, byte[]> out = new TreeMap<>();
        List<String> listed = new ArrayList<>();
        listed.add("README.md");
        for (Map.Entry<String, Map<String, Object>> file : files.entrySet()) {
            out.put(file.getKey(), json(file.getValue()));
            listed.add(file.getKey());
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("format", "studio-brain-export/1");
        index.put("sampleData", true);
        index.put("exportedAt", EXPORTED_AT.toString());
        index.put("generator", "src/test/java/studio/brain/cloud/SampleStudioGenerator.java, seed " + SEED);
        index.put("files", listed);
        out.put(SampleStudio.INDEX_FILE, json(index));
        return out;
    }

    // ---- collections -------------------------------------------------------------------------------------

    private void batches() {
        for (int n = 1; n <= 120; n++) {
            String id = String.format("batch-%04d", n);
            Instant created = EXPORTED_AT.minus(Duration.ofMinutes(60L * 24 * 2 + random.nextInt(60 * 24 * 88)));
            long ageDays = Duration.between(created, EXPORTED_AT).toDays();
            String state;
            int roll = random.nextInt(100);
            if (ageDays > 21) {
                state = roll < 80 ? "CLOSED_PICKED_UP" : roll < 92 ? "CLOSED_CANCELLED" : "READY_FOR_PICKUP";
            } else if (ageDays > 7) {
                state = roll < 45 ? "CLOSED_PICKED_UP" : roll < 75 ? "READY_FOR_PICKUP" : roll < 85 ? "QUEUED"
                        : roll < 93 ? "CLOSED_CANCELLED" : "LOADING";
            } else {
                state = roll < 30 ? "OPEN" : roll < 50 ? "LOADING" : roll < 75 ? "QUEUED" : roll < 90 ? "FIRING"
                        : "READY_FOR_PICKUP";
            }
            Instant updated = min(created.plus(Duration.ofHours(2 + random.nextInt(24 * 10))), EXPORTED_AT);
            if (n == 3) { // planted: stuck in FIRING for weeks
                created = EXPORTED_AT.minus(Duration.ofDays(41)).minus(Duration.ofHours(5));
                state = "FIRING";
                updated = EXPORTED_AT.minus(Duration.ofDays(38)).minus(Duration.ofHours(3));
            }
            if (n == 13) {
                state = "open";
            }
            if (n == 58) {
                state = "closed_picked_up";
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_updateTime", ts(updated));
            if (n != 21) { // planted: a batch without an owner
                doc.put("ownerUid", member());
            }
            doc.put("state", state);
            if (!state.equalsIgnoreCase("OPEN")) {
                doc.put("kilnId", pick("kiln-1", "kiln-1", "kiln-2", "raku-1"));
            }
            doc.put("firingType", pick("bisque", "glaze", "glaze"));
            doc.put("pieceCount", (long) (1 + random.nextInt(24)));
            doc.put("createdAt", ts(created));
            if (n != 44) { // planted: a batch never updated after creation has no updatedAt
                doc.put("updatedAt", ts(updated));
            }
            put("batches", id, doc, state);
        }
    }

    private void reservations() {
        for (int n = 1; n <= 90; n++) {
            String id = String.format("res-%04d", n);
            Instant start = EXPORTED_AT.minus(Duration.ofDays(60)).plus(Duration.ofMinutes(
                    30L * random.nextInt(2 * 24 * 75))).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            boolean future = start.isAfter(EXPORTED_AT);
            int roll = random.nextInt(100);
            String status = future
                    ? (roll < 35 ? "REQUESTED" : roll < 80 ? "CONFIRMED" : roll < 92 ? "CANCELLED" : "DECLINED")
                    : (roll < 60 ? "COMPLETED" : roll < 75 ? "CLOSED" : roll < 92 ? "CANCELLED" : "DECLINED");
            if (n == 9) {
                status = "Cancelled";
            }
            if (n == 40) {
                status = "confirmed";
            }
            Instant created = start.minus(Duration.ofHours(6 + random.nextInt(24 * 14)));
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_updateTime", ts(min(created.plus(Duration.ofHours(1 + random.nextInt(48))), EXPORTED_AT)));
            doc.put("ownerUid", member());
            doc.put("status", status);
            doc.put("resource", pick("wheel-1", "wheel-2", "wheel-3", "wheel-4", "handbuilding-table",
                    "glaze-kitchen"));
            if (n != 66) { // planted: a reservation without a start time
                doc.put("startAt", ts(start));
            }
            doc.put("durationMinutes", (long) (60 * (1 + random.nextInt(3))));
            doc.put("createdAt", ts(created));
            put("reservations", id, doc, status);
        }
    }

    private void kilnFirings() {
        String[] past = {"done", "done", "done", "done", "cancelled", "ready", "cooling"};
        String[] recent = {"queued", "scheduled", "loaded", "firing", "cooling", "ready", "done"};
        for (int n = 1; n <= 60; n++) {
            String id = String.format("fir-%04d", n);
            Instant scheduled = EXPORTED_AT.minus(Duration.ofHours(12L * random.nextInt(2 * 80)))
                    .plus(Duration.ofDays(3));
            boolean recentOne = scheduled.isAfter(EXPORTED_AT.minus(Duration.ofDays(10)));
            String status = recentOne ? recent[random.nextInt(recent.length)] : past[random.nextInt(past.length)];
            if (scheduled.isAfter(EXPORTED_AT)) {
                status = random.nextBoolean() ? "queued" : "scheduled";
            }
            List<Object> batchIds = new ArrayList<>();
            for (int b = 0, k = 1 + random.nextInt(4); b < k; b++) {
                batchIds.add(String.format("batch-%04d", 1 + random.nextInt(120)));
            }
            if (n == 2) { // planted: the firing of the stuck batch, never finished
                status = "firing";
                scheduled = EXPORTED_AT.minus(Duration.ofDays(38)).minus(Duration.ofHours(6));
                batchIds = new ArrayList<>(List.of("batch-0003"));
            }
            if (n == 11) {
                status = "Done";
            }
            if (n == 4) {
                status = "queued";
                scheduled = EXPORTED_AT.plus(Duration.ofDays(1));
            }
            if (n == 6) {
                status = "loaded";
                scheduled = EXPORTED_AT.minus(Duration.ofHours(2));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("kilnId", pick("kiln-1", "kiln-2", "raku-1"));
            doc.put("status", status);
            doc.put("cone", pick("04", "06", "6", "6", "10"));
            doc.put("batchIds", batchIds);
            doc.put("scheduledAt", ts(scheduled));
            Instant last = scheduled;
            if (!List.of("queued", "scheduled", "cancelled").contains(status)) {
                last = scheduled.plus(Duration.ofHours(1));
                doc.put("startedAt", ts(last));
            }
            if (List.of("ready", "done", "Done").contains(status)) {
                last = scheduled.plus(Duration.ofHours(20 + random.nextInt(16)));
                doc.put("completedAt", ts(last));
            }
            doc.put("_updateTime", ts(min(last, EXPORTED_AT)));
            put("kilnFirings", id, reorder(doc), status);
        }
    }

    private void communityReports() {
        for (int n = 1; n <= 30; n++) {
            String id = String.format("rep-%04d", n);
            Instant created = EXPORTED_AT.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 45)));
            int roll = random.nextInt(100);
            String status = roll < 25 ? "open" : roll < 40 ? "triaged" : roll < 55 ? "actioned" : roll < 85
                    ? "resolved" : "dismissed";
            if (n == 5) {
                status = "Open";
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_updateTime", ts(min(created.plus(Duration.ofHours(random.nextInt(72))), EXPORTED_AT)));
            doc.put("status", status);
            if (n != 12) { // planted: a report without a severity
                doc.put("severity", pick("low", "low", "medium", "high"));
            }
            doc.put("category", pick("spam", "harassment", "safety", "lost-item", "other"));
            doc.put("targetType", pick("post", "comment", "listing"));
            doc.put("reporterUid", member());
            doc.put("createdAt", ts(created));
            put("communityReports", id, doc, status);
        }
    }

    private void agentRequests() {
        for (int n = 1; n <= 40; n++) {
            String id = String.format("req-%04d", n);
            Instant created = EXPORTED_AT.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 30)));
            int roll = random.nextInt(100);
            String status = roll < 20 ? "pending" : roll < 35 ? "needs_review" : roll < 45 ? "awaiting_payment"
                    : roll < 60 ? "approved" : roll < 70 ? "rejected" : "done";
            if (n == 8) {
                status = "Pending";
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_updateTime", ts(min(created.plus(Duration.ofHours(random.nextInt(96))), EXPORTED_AT)));
            doc.put("status", status);
            doc.put("kind", pick("glaze-order", "kiln-slot", "studio-supply", "class-booking"));
            doc.put("requesterUid", member());
            if (List.of("awaiting_payment", "approved", "done").contains(status)) {
                doc.put("amountCents", (long) (500 * (1 + random.nextInt(20))));
            }
            doc.put("createdAt", ts(created));
            put("agentRequests", id, doc, status);
        }
    }

    private void materialsOrders() {
        String[][] catalogue = {{"clay-b-mix-25lb", "3800"}, {"clay-porcelain-25lb", "5200"},
                {"glaze-celadon-pint", "1900"}, {"glaze-tenmoku-pint", "1900"}, {"underglaze-set", "4400"},
                {"wax-resist-pint", "1200"}, {"trimming-tool-kit", "2600"}, {"sponge-pack", "800"}};
        for (int n = 1; n <= 60; n++) {
            String id = String.format("mo-%04d", n);
            Instant created = EXPORTED_AT.minus(Duration.ofMinutes(60L * 24 + random.nextInt(60 * 24 * 85)));
            int roll = random.nextInt(100);
            String status = roll < 12 ? "pending" : roll < 30 ? "paid" : roll < 42 ? "cancelled"
                    : roll < 60 ? "fulfilled" : "completed";
            if (n == 12 || n == 24) {
                status = "paid";
            }
            List<Object> items = new ArrayList<>();
            long amount = 0;
            for (int i = 0, k = 1 + random.nextInt(3); i < k; i++) {
                String[] item = catalogue[random.nextInt(catalogue.length)];
                long quantity = 1 + random.nextInt(3);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("sku", item[0]);
                line.put("quantity", quantity);
                line.put("unitCents", Long.parseLong(item[1]));
                items.add(line);
                amount += quantity * Long.parseLong(item[1]);
            }
            String memberUid = member();
            Instant piCreated = created.plus(Duration.ofMinutes(2));
            String piStatus;
            boolean refund = false;
            switch (status) {
                case "pending" -> piStatus = "requires_payment_method";
                case "cancelled" -> {
                    refund = random.nextInt(2) == 0;
                    piStatus = refund ? "succeeded" : "canceled";
                }
                default -> piStatus = "succeeded";
            }
            if (n == 12) { // planted: marked paid, but the payment is still processing
                piStatus = "processing";
            }
            Map<String, Object> pi = paymentIntent(id, memberUid, amount, piCreated, piStatus);
            if (n == 24) { // planted: charged twice for one order
                paymentIntent(id, memberUid, amount, piCreated.plus(Duration.ofMinutes(3)), "succeeded");
            }
            if (refund) {
                refund(pi, id, piCreated.plus(Duration.ofHours(5 + random.nextInt(48))));
            }
            if (n == 19) {
                status = "Paid";
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("_updateTime", ts(min(created.plus(Duration.ofHours(random.nextInt(72))), EXPORTED_AT)));
            doc.put("status", status);
            doc.put("memberUid", memberUid);
            if (n != 33) { // planted: an order without an amount
                doc.put("amountCents", amount);
            }
            doc.put("currency", "usd");
            doc.put("items", items);
            doc.put("stripePaymentIntentId", pi.get("id"));
            if (piStatus.equals("succeeded") || n == 12) {
                doc.put("paidAt", ts(piCreated.plus(Duration.ofMinutes(1))));
            }
            doc.put("createdAt", ts(created));
            put("materialsOrders", id, doc, status);
        }
        // planted: a succeeded payment for an order that does not exist
        paymentIntent("mo-0061", member(), 5700, EXPORTED_AT.minus(Duration.ofDays(9)).plus(Duration.ofMinutes(
                random.nextInt(600))), "succeeded");
    }

    private void payouts() {
        // weekly automatic payouts of what became available, Tuesdays
        Instant first = LocalDate.of(2026, 8, 25).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(9));
        List<Map<String, Object>> settled = new ArrayList<>(balanceTransactions);
        for (Instant at = first; at.isBefore(EXPORTED_AT); at = at.plus(Duration.ofDays(7))) {
            long total = 0;
            for (Map<String, Object> txn : settled) {
                long created = (Long) txn.get("created");
                if (created < at.getEpochSecond() && created >= at.minus(Duration.ofDays(7)).getEpochSecond()) {
                    total += (Long) txn.get("net");
                }
            }
            if (total <= 0) {
                continue;
            }
            String id = stripeId("po");
            String txnId = stripeId("txn");
            Map<String, Object> po = new LinkedHashMap<>();
            po.put("id", id);
            po.put("object", "payout");
            po.put("amount", total);
            po.put("arrival_date", at.plus(Duration.ofDays(2)).getEpochSecond());
            po.put("automatic", true);
            po.put("balance_transaction", txnId);
            po.put("created", at.getEpochSecond());
            po.put("currency", "usd");
            po.put("livemode", false);
            po.put("metadata", Map.of());
            po.put("method", "standard");
            po.put("status", at.plus(Duration.ofDays(2)).isAfter(EXPORTED_AT) ? "in_transit" : "paid");
            po.put("type", "bank_account");
            payouts.add(po);
            balanceTransaction(txnId, -total, 0, at, "payout", id, "STRIPE PAYOUT");
        }
    }

    private void studioMetrics() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_updateTime", ts(EXPORTED_AT));
        doc.put("date", "2026-11-20");
        doc.put("generatedAt", ts(EXPORTED_AT.minus(Duration.ofMinutes(5))));
        doc.put("source", "cloud-summary");
        for (Map.Entry<String, Map<String, Integer>> collection : counts.entrySet()) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("total", (long) collection.getValue().values().stream().mapToInt(Integer::intValue).sum());
            Map<String, Object> byStatus = new TreeMap<>();
            collection.getValue().forEach((k, v) -> byStatus.put(k, (long) v));
            summary.put(collection.getKey().equals("batches") ? "byState" : "byStatus", byStatus);
            doc.put(collection.getKey(), summary);
        }
        files.put("studioMetrics/2026-11-20.json", doc);
    }

    // ---- Stripe objects ----------------------------------------------------------------------------------

    private Map<String, Object> paymentIntent(String orderId, String memberUid, long amount, Instant created,
            String status) {
        String id = stripeId("pi");
        boolean charged = status.equals("succeeded") || status.equals("processing");
        String chargeId = charged ? stripeId("ch") : null;
        Map<String, Object> pi = new LinkedHashMap<>();
        pi.put("id", id);
        pi.put("object", "payment_intent");
        pi.put("amount", amount);
        pi.put("amount_capturable", 0L);
        pi.put("amount_received", status.equals("succeeded") ? amount : 0L);
        pi.put("canceled_at", status.equals("canceled") ? created.plus(Duration.ofHours(1)).getEpochSecond() : null);
        pi.put("capture_method", "automatic");
        pi.put("created", created.getEpochSecond());
        pi.put("currency", "usd");
        pi.put("description", "Materials order " + orderId);
        pi.put("latest_charge", chargeId);
        pi.put("livemode", false);
        pi.put("metadata", metadata(orderId, memberUid));
        pi.put("payment_method_types", List.of("card"));
        pi.put("status", status);
        paymentIntents.add(pi);
        if (charged) {
            Instant chargedAt = created.plus(Duration.ofMinutes(1));
            boolean succeeded = status.equals("succeeded");
            String txnId = succeeded ? stripeId("txn") : null;
            Map<String, Object> ch = new LinkedHashMap<>();
            ch.put("id", chargeId);
            ch.put("object", "charge");
            ch.put("amount", amount);
            ch.put("amount_captured", succeeded ? amount : 0L);
            ch.put("amount_refunded", 0L);
            ch.put("balance_transaction", txnId);
            ch.put("captured", succeeded);
            ch.put("created", chargedAt.getEpochSecond());
            ch.put("currency", "usd");
            ch.put("description", "Materials order " + orderId);
            ch.put("livemode", false);
            ch.put("metadata", metadata(orderId, memberUid));
            ch.put("paid", succeeded);
            ch.put("payment_intent", id);
            ch.put("refunded", false);
            ch.put("status", succeeded ? "succeeded" : "pending");
            charges.add(ch);
            if (succeeded) {
                long fee = Math.round(amount * 0.029) + 30;
                balanceTransaction(txnId, amount, fee, chargedAt, "charge", chargeId, "Materials order " + orderId);
            }
        }
        return pi;
    }

    private void refund(Map<String, Object> pi, String orderId, Instant at) {
        String chargeId = (String) pi.get("latest_charge");
        long amount = (Long) pi.get("amount");
        String id = stripeId("re");
        String txnId = stripeId("txn");
        Map<String, Object> re = new LinkedHashMap<>();
        re.put("id", id);
        re.put("object", "refund");
        re.put("amount", amount);
        re.put("balance_transaction", txnId);
        re.put("charge", chargeId);
        re.put("created", at.getEpochSecond());
        re.put("currency", "usd");
        re.put("metadata", Map.of("orderId", orderId));
        re.put("payment_intent", pi.get("id"));
        re.put("reason", "requested_by_customer");
        re.put("status", "succeeded");
        refunds.add(re);
        for (Map<String, Object> ch : charges) {
            if (ch.get("id").equals(chargeId)) {
                ch.put("amount_refunded", amount);
                ch.put("refunded", true);
            }
        }
        balanceTransaction(txnId, -amount, 0, at, "refund", id, "REFUND FOR CHARGE (Materials order " + orderId + ")");
    }

    private void balanceTransaction(String id, long amount, long fee, Instant created, String type, String source,
            String description) {
        Map<String, Object> txn = new LinkedHashMap<>();
        txn.put("id", id);
        txn.put("object", "balance_transaction");
        txn.put("amount", amount);
        txn.put("available_on", created.plus(Duration.ofDays(2)).getEpochSecond());
        txn.put("created", created.getEpochSecond());
        txn.put("currency", "usd");
        txn.put("description", description);
        txn.put("fee", fee);
        txn.put("net", amount - fee);
        txn.put("reporting_category", type);
        txn.put("source", source);
        txn.put("status", created.plus(Duration.ofDays(2)).isAfter(EXPORTED_AT) ? "pending" : "available");
        txn.put("type", type);
        balanceTransactions.add(txn);
    }

    private static Map<String, Object> metadata(String orderId, String memberUid) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("orderId", orderId);
        metadata.put("memberUid", memberUid);
        return metadata;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void put(String collection, String id, Map<String, Object> doc, String status) {
        files.put(collection + "/" + id + ".json", doc);
        counts.computeIfAbsent(collection, c -> new TreeMap<>()).merge(status, 1, Integer::sum);
    }

    private static Map<String, Object> reorder(Map<String, Object> doc) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("_updateTime", doc.get("_updateTime"));
        doc.forEach((k, v) -> ordered.putIfAbsent(k, v));
        return ordered;
    }

    private String member() {
        return String.format("member-%03d", 1 + random.nextInt(48));
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String stripeId(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append("_3Q");
        for (int i = 0; i < 21; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    private static Map<String, Object> ts(Instant instant) {
        return Map.of(ExportJson.TIMESTAMP_KEY, instant.toString());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static byte[] json(Object value) {
        try {
            return (WRITER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
