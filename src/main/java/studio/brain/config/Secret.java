package studio.brain.config;

import java.util.Objects;

/**
 * A configuration value that must never be shown: its {@code toString} is a fixed mask, so a secret that slips
 * into a log line, an error message or a JSON document prints as {@value #MASK}. Only {@link #reveal()} gives the
 * value, and only code that hands it to the system it is meant for should call it.
 */
public final class Secret {
    public static final String MASK = "[redacted]";

    private final String value;

    private Secret(String value, boolean remember) {
        this.value = Objects.requireNonNull(value);
        if (remember) {
            SecretRegistry.remember(value);
        }
    }

    /** A long-lived secret (a configured key or password): its value is also masked wherever it appears in logs. */
    public static Secret of(String value) {
        return new Secret(value, true);
    }

    /**
     * A short-lived credential minted by the hub (a delegation token, a grant): masked when printed, but not kept
     * in the process-wide list of values to mask, which would otherwise grow with every token issued. The log
     * masker recognises such tokens by their shape instead.
     */
    public static Secret shortLived(String value) {
        return new Secret(value, false);
    }

    public String reveal() {
        return value;
    }

    public boolean startsWith(String prefix) {
        return value.startsWith(prefix);
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
