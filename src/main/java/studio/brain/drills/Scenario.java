package studio.brain.drills;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The drills there are, by the name the command takes; each with its load (executions, proposals or pollers) for a
 * full run and for the reduced run CI makes, and how long the recording action route takes per send.
 */
public enum Scenario {
    KILL_SWITCH(KillSwitchDrill.ID, 40, 8, 25, KillSwitchDrill::new),
    CONNECTOR_TIMEOUT_STORM(ConnectorTimeoutStormDrill.ID, 20, 10, 0, ConnectorTimeoutStormDrill::new),
    DELEGATION_REVOCATION_RACE(DelegationRevocationRaceDrill.ID, 40, 8, 25, DelegationRevocationRaceDrill::new),
    POSTGRES_OUTAGE(PostgresOutageDrill.ID, 20, 8, 0, PostgresOutageDrill::new),
    LEDGER_TAMPERING(LedgerTamperingDrill.ID, 10, 3, 0, LedgerTamperingDrill::new);

    private final String id;
    private final int load;
    private final int reducedLoad;
    private final long actionWriteMillis;
    private final Supplier<Drill> drill;

    Scenario(String id, int load, int reducedLoad, long actionWriteMillis, Supplier<Drill> drill) {
        this.id = id;
        this.load = load;
        this.reducedLoad = reducedLoad;
        this.actionWriteMillis = actionWriteMillis;
        this.drill = drill;
    }

    public String id() {
        return id;
    }

    public int load(boolean reduced) {
        return reduced ? reducedLoad : load;
    }

    long actionWriteMillis() {
        return actionWriteMillis;
    }

    Drill drill() {
        return drill.get();
    }

    public static Optional<Scenario> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(Scenario::id).toList());
    }
}
