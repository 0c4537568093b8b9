package studio.brain.scorecard;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scorecard's indicators: each with its unit, its direction (an age grows worse, a share shrinks worse) and
 * whether it looks back over a window. The thresholds, owners and notes are policy ({@code scorecard.yaml}).
 */
public enum Indicator {
    SNAPSHOT_FRESHNESS("snapshot_freshness", "Snapshot freshness", Unit.HOURS, false),
    DECISION_LATENCY_P90("decision_latency_p90", "Proposal decision latency (p90)", Unit.HOURS, true),
    OLDEST_PENDING_PROPOSAL("oldest_pending_proposal", "Oldest pending proposal", Unit.HOURS, false),
    AUDIT_COMPLETENESS("audit_completeness", "Audit completeness", Unit.PERCENT, true),
    TENANT_CONTEXT("tenant_context", "Tenant-context completeness", Unit.PERCENT, true),
    CONNECTOR_HEALTH("connector_health", "Connector health", Unit.PERCENT, false),
    READINESS_RATIO("readiness_ratio", "Readiness ratio", Unit.PERCENT, true);

    /** Hours grow worse, percentages shrink worse. */
    public enum Unit {
        HOURS("hours", true), PERCENT("percent", false);

        private final String wireName;
        private final boolean higherIsWorse;

        Unit(String wireName, boolean higherIsWorse) {
            this.wireName = wireName;
            this.higherIsWorse = higherIsWorse;
        }

        public String wireName() {
            return wireName;
        }

        public boolean higherIsWorse() {
            return higherIsWorse;
        }
    }

    private final String key;
    private final String title;
    private final Unit unit;
    private final boolean windowed;

    Indicator(String key, String title, Unit unit, boolean windowed) {
        this.key = key;
        this.title = title;
        this.unit = unit;
        this.windowed = windowed;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public Unit unit() {
        return unit;
    }

    public boolean windowed() {
        return windowed;
    }

    public static Optional<Indicator> byKey(String key) {
        return Stream.of(values()).filter(i -> i.key.equals(key)).findFirst();
    }
}
