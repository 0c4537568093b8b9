package studio.brain.scorecard;

import java.util.List;

/** Where breaches go besides the ledger: an alert proposal through the gate, or nowhere. */
@FunctionalInterface
public interface BreachAlerts {
    BreachAlerts NONE = (breaches, computedAt) -> "none";

    /** Raises an alert for the breaches of one run (never empty) and says what became of it, for the run's answer. */
    String raise(List<Crossing> breaches, java.time.Instant computedAt);
}
