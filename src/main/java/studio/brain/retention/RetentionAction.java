package studio.brain.retention;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What happens to a data class's rows once their window has passed. */
public enum RetentionAction {
    /** The rows go. */
    DELETE,
    /** The personal text goes; the decision and its hashes stay. */
    REDACT,
    /** Never purged. */
    KEEP,
    /** The ledger's own retention: its window and a purge only up to a signed checkpoint. */
    LEDGER;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RetentionAction> byYamlName(String name) {
        return Arrays.stream(values()).filter(a -> a.yamlName().equals(name)).findFirst();
    }
}
