package studio.brain.ledger;

import java.util.Locale;

/** Who acted: a staff member, a studio member, an AI agent acting on a delegation, or the hub itself. */
public enum ActorType {
    STAFF, HUMAN, AGENT, SYSTEM;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActorType parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
