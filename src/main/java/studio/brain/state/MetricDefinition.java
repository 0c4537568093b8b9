package studio.brain.state;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import studio.brain.cloud.PaymentObject;

/**
 * One metric as the policy file declares it. A document metric names a {@code collection}; a payment metric names
 * a Stripe {@code paymentObject} and the {@code window} before "now" it looks at. The conditions are AND-ed. With
 * {@code sumField} null the metric counts the matching records, otherwise it adds up that numeric field.
 */
public record MetricDefinition(String key, MetricSource source, String collection, PaymentObject paymentObject,
                               Duration window, List<Condition> conditions, String sumField) {

    public MetricDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        conditions = List.copyOf(conditions);
    }

    public boolean counts() {
        return sumField == null;
    }
}
