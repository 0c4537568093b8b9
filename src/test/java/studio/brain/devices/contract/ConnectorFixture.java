package studio.brain.devices.contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import studio.brain.testing.TestHub;

/**
 * What a connector's contract test provides to {@link ConnectorContract}: a fake of its system speaking the real
 * protocol, the hub configuration that points the connector at it, and the fake's fault switches.
 */
public interface ConnectorFixture extends AutoCloseable {

    /** The connector's name on the board ({@code hubitat}). */
    String connector();

    void startFake() throws Exception;

    /** Stops the fake so that connections are refused; {@link #startFake()} brings it back on the same address. */
    void stopFake();

    /** The hub's environment: the connector configured for the fake, its routes in the routes folder, short timings. */
    Map<String, String> hubEnv(Path work) throws Exception;

    /** Makes the fake misbehave from now on ({@link Fault#CONNECTION_REFUSED} is done with {@link #stopFake()}). */
    void inject(Fault fault);

    /** The fake behaves again. */
    void clearFaults();

    /** Faults that cannot happen with this connector's protocol, each with the reason. */
    default Map<Fault, String> notApplicable() {
        return Map.of();
    }

    /**
     * Checks of the contract that cannot apply to this connector's protocol, by test method name, each with the
     * reason (a subscription sends no request that could carry a request id, say). Faults go in {@link #notApplicable()}.
     */
    default Map<String, String> checksNotApplicable() {
        return Map.of();
    }

    /** The request ids the fake received (from the header or the protocol's own field). */
    List<String> requestIdsSeen();

    /** Every credential value configured for the connector; none may appear anywhere the hub shows or keeps. */
    List<String> credentials();

    /** Asks for a read now; timer-driven connectors need nothing (their next poll comes by itself). */
    default void triggerRead(TestHub hub) {
    }

    /**
     * Uses whatever the connector receives from its system (a webhook with its secret, say), so that the credential
     * check also covers that path; nothing for connectors that only call out.
     */
    default void exerciseInbound(TestHub hub) throws Exception {
    }

    @Override
    void close();
}
