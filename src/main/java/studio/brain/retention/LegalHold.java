package studio.brain.retention;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What a legal hold keeps: one proposal (or draft), one intake item, every row in a date range (of one data class, or
 * of all), or a whole data class; with why, by whom and since when.
 */
public record LegalHold(UUID id, Scope scope, Optional<String> subject, Optional<DataClass> dataClass,
                        Optional<Instant> from, Optional<Instant> until, String reason, String placedBy,
                        Instant placedAt) {

    /** The kinds of holds, by the name stored and shown. */
    public enum Scope {
        PROPOSAL, INTAKE_ITEM, DATE_RANGE, DATA_CLASS;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** What a new hold names, before it is placed. */
    public record Request(Scope scope, String subject, DataClass dataClass, Instant from, Instant until) {

        public static Request proposal(UUID proposalId) {
            return new Request(Scope.PROPOSAL, proposalId.toString(), null, null, null);
        }

        public static Request intakeItem(UUID intakeItemId) {
            return new Request(Scope.INTAKE_ITEM, intakeItemId.toString(), null, null, null);
        }

        /** Every row whose time falls in [from, until); of one class, or of all when dataClass is null. */
        public static Request dateRange(Instant from, Instant until, DataClass dataClass) {
            return new Request(Scope.DATE_RANGE, null, dataClass, from, until);
        }

        public static Request dataClass(DataClass dataClass) {
            return new Request(Scope.DATA_CLASS, null, dataClass, null, null);
        }
    }
}
