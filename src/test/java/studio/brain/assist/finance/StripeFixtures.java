package studio.brain.assist.finance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tiny Stripe-shaped records for tests. */
final class StripeFixtures {

    private StripeFixtures() {
    }

    static Map<String, Object> intent(String id, String orderId, long amount, String currency, String status,
            Instant created) {
        Map<String, Object> pi = new LinkedHashMap<>();
        pi.put("id", id);
        pi.put("object", "payment_intent");
        pi.put("amount", amount);
        pi.put("amount_received", status.equals("succeeded") ? amount : 0L);
        pi.put("created", created.getEpochSecond());
        pi.put("currency", currency);
        pi.put("metadata", orderId == null ? Map.of() : Map.of("orderId", orderId));
        pi.put("status", status);
        return pi;
    }

    static Map<String, Object> charge(String id, String intentId, String orderId, long amount, String currency,
            String status, long refunded, Instant created) {
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("id", id);
        ch.put("object", "charge");
        ch.put("amount", amount);
        ch.put("amount_captured", status.equals("succeeded") ? amount : 0L);
        ch.put("amount_refunded", refunded);
        ch.put("created", created.getEpochSecond());
        ch.put("currency", currency);
        ch.put("metadata", orderId == null ? Map.of() : Map.of("orderId", orderId));
        ch.put("paid", status.equals("succeeded"));
        ch.put("payment_intent", intentId);
        ch.put("status", status);
        return ch;
    }

    static Map<String, Object> refund(String id, String chargeId, String intentId, long amount, Instant created) {
        Map<String, Object> re = new LinkedHashMap<>();
        re.put("id", id);
        re.put("object", "refund");
        re.put("amount", amount);
        re.put("charge", chargeId);
        re.put("created", created.getEpochSecond());
        re.put("currency", "usd");
        re.put("payment_intent", intentId);
        re.put("status", "succeeded");
        return re;
    }

    static Map<String, Object> payout(String id, long amount, String status, Instant created) {
        Map<String, Object> po = new LinkedHashMap<>();
        po.put("id", id);
        po.put("object", "payout");
        po.put("amount", amount);
        po.put("balance_transaction", "txn_" + id);
        po.put("created", created.getEpochSecond());
        po.put("currency", "usd");
        po.put("status", status);
        return po;
    }

    static Map<String, Object> txn(String id, long net, String type, String source, Instant created) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("object", "balance_transaction");
        t.put("amount", net);
        t.put("created", created.getEpochSecond());
        t.put("currency", "usd");
        t.put("fee", 0L);
        t.put("net", net);
        t.put("source", source);
        t.put("type", type);
        return t;
    }
}
