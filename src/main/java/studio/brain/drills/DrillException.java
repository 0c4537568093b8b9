package studio.brain.drills;

/** A drill could not set up or drive its scenario (not a finding about safety: that is the report's). */
final class DrillException extends RuntimeException {
    DrillException(String message) {
        super(message);
    }
}
