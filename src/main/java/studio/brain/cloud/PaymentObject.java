package studio.brain.cloud;

/** The Stripe objects the hub reads, each with its list endpoint and its {@code object} name. */
public enum PaymentObject {
    PAYMENT_INTENTS("payment_intents", "payment_intent"),
    CHARGES("charges", "charge"),
    REFUNDS("refunds", "refund"),
    PAYOUTS("payouts", "payout"),
    BALANCE_TRANSACTIONS("balance_transactions", "balance_transaction");

    private final String pathSegment;
    private final String objectName;

    PaymentObject(String pathSegment, String objectName) {
        this.pathSegment = pathSegment;
        this.objectName = objectName;
    }

    /** The segment of the list URL ({@code /v1/<segment>}) and the folder name in an export. */
    public String pathSegment() {
        return pathSegment;
    }

    /** Stripe's {@code object} value for one item. */
    public String objectName() {
        return objectName;
    }
}
