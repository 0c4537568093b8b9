package studio.brain.scorecard;

import java.util.Locale;

/** Where an indicator stands. {@code UNKNOWN} is "could not be computed", never a breach and never a recovery. */
public enum Status {
    OK(0), WARNING(1), CRITICAL(2), UNKNOWN(-1);

    private final int severity;

    Status(int severity) {
        this.severity = severity;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** 0 for ok, 1 for warning, 2 for critical; -1 for unknown. */
    public int severity() {
        return severity;
    }

    public static Status parse(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
