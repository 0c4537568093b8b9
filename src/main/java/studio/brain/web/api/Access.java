package studio.brain.web.api;

import studio.brain.gate.Actor;
import studio.brain.ledger.ActorType;

/**
 * Who may call an endpoint. Staff run the studio; an AI agent acts only through a delegation and only where an
 * endpoint says so (proposing, and reading the API's description). Every {@code /api/} endpoint has exactly one.
 */
public enum Access {
    /** Staff only: every decision, every policy control, every read of the queue and the audit trail. */
    STAFF("staff"),
    /** Staff, or an agent presenting a delegation token; the gate then checks the agent's scopes and owner. */
    STAFF_OR_AGENT("staff or agent");

    private final String description;

    Access(String description) {
        this.description = description;
    }

    public boolean admits(Actor actor) {
        return switch (this) {
            case STAFF -> actor.isStaff();
            case STAFF_OR_AGENT -> actor.isStaff() || actor.type() == ActorType.AGENT;
        };
    }

    /** As the API description and the docs say it. */
    public String description() {
        return description;
    }
}
