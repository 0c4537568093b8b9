package studio.brain.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.brain.cloud.PaymentSource;

/**
 * Reads a payment metric: Stripe has no count or sum endpoint, so the metric's object is listed over
 * {@code [now - window, now)} and the conditions are applied here, with the same case-insensitive rules as the
 * document metrics. Field names may be dotted ({@code metadata.orderId}).
 */
final class PaymentMetricRead {

    private PaymentMetricRead() {
    }

    static MetricAnswer read(MetricDefinition metric, PaymentSource payments, Instant now) {
        Instant from = now.minus(metric.window());
        List<Map<String, Object>> objects = payments.list(metric.paymentObject(), from, now);
        List<Object> matchedIds = new ArrayList<>();
        double total = 0;
        for (Map<String, Object> object : objects) {
            if (!metric.conditions().stream().allMatch(c -> c.matches(Condition.valueAt(object, c.field())))) {
                continue;
            }
            matchedIds.add(object.get("id"));
            if (metric.counts()) {
                total += 1;
            } else if (Condition.valueAt(object, metric.sumField()) instanceof Number number) {
                total += number.doubleValue(); // like Firestore's sum, a missing or non-numeric field adds nothing
            }
        }
        Map<String, Object> listing = new LinkedHashMap<>();
        listing.put("object", metric.paymentObject().pathSegment());
        listing.put("from", from.toString());
        listing.put("to", now.toString());
        listing.put("conditions", metric.conditions().stream().map(Condition::canonical).toList());
        listing.put("aggregate", metric.counts() ? "count" : "sum:" + metric.sumField());
        listing.put("listed", objects.size());
        listing.put("matchedIds", matchedIds);
        listing.put("answer", Math.round(total));
        return new MetricAnswer(Math.round(total), List.of(listing));
    }
}
