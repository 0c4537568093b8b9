package studio.brain.cloud;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import studio.brain.config.Secret;

/** The Stripe fake for tests outside this package, with a payment source that talks to it. */
public final class FakeStripeHandle implements AutoCloseable {
    private static final String KEY = "rk_test_state_metrics";

    private final FakeStripeServer server;

    public FakeStripeHandle() throws IOException {
        server = new FakeStripeServer(KEY);
    }

    /** Adds objects to a list endpoint, e.g. {@code "payment_intents"}. */
    public FakeStripeHandle add(PaymentObject object, List<Map<String, Object>> items) {
        server.add(object.pathSegment(), items);
        return this;
    }

    /** The next {@code times} requests are answered with {@code status} and Stripe's error JSON. */
    public FakeStripeHandle failNext(int status, int times) {
        server.failNext(status, times);
        return this;
    }

    public StripePaymentSource source() {
        return new StripePaymentSource(Secret.of(KEY), server.apiBase(), Duration.ofSeconds(5), 0);
    }

    @Override
    public void close() {
        server.close();
    }
}
