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

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
        SecretRegistry.remember(value);
    }

    public static Secret of(String value) {
        return new Secret(value);
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
