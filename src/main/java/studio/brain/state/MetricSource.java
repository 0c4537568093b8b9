package studio.brain.state;

/** Where a metric is read: the studio's documents (Firestore or its export files) or the payment records. */
public enum MetricSource {
    /** The document source: Firestore itself or an export of it, counted server-side. */
    FIRESTORE("firestore"),
    /** The payment source: Stripe itself or an export of it, listed over a window and filtered in memory. */
    STRIPE("stripe");

    private final String yamlName;

    MetricSource(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }
}
