package studio.brain.intake;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing secrets of the intake webhook, as given in the hub's configuration (the intake webhook secret
 * variable).
 *
 * <p>Format: one or more entries separated by {@code ;} (spaces around an entry are ignored). Each entry is a
 * Standard Webhooks secret, {@code whsec_} followed by the standard base64 of at least {@value #MIN_KEY_BYTES}
 * random bytes, optionally followed by {@code @} and the ISO-8601 instant (UTC, e.g. {@code 2026-12-31T00:00:00Z})
 * at which it stops being accepted. An entry without an end date is valid until it is removed. During a rotation
 * the new secret is added and the old one gets an end date:
 *
 * <pre>
 * whsec_NEW...;whsec_OLD...@2026-12-31T00:00:00Z
 * </pre>
 *
 * <p>A secret is valid while {@code now} is before its end. A value that cannot be read is refused with an
 * {@link IllegalArgumentException} naming the entry by its position and what is wrong with it, never its text.
 * {@link #toString()} never shows a key.
 */
public final class WebhookSecrets {
    /** How errors name the value; the configuration layer adds the variable's name. */
    static final String SUBJECT = "webhook secret";
    /** The Standard Webhooks prefix of a secret. */
    public static final String PREFIX = "whsec_";
    /** The Standard Webhooks specification asks for keys of 24 to 64 bytes. */
    public static final int MIN_KEY_BYTES = 24;
    public static final int MAX_KEY_BYTES = 64;
    /** More than this many secrets at once is a mistake, not a rotation. */
    public static final int MAX_SECRETS = 10;

    private final List<Secret> secrets;

    private WebhookSecrets(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /**
     * Reads the configured value.
     *
     * @throws IllegalArgumentException when the value is empty or an entry is malformed; the message names the
     *         entry by position and never contains any part of a secret
     */
    public static WebhookSecrets parse(String value) {
        if (value == null || value.isBlank()) {
            throw refused(SUBJECT + " is empty: give at least one secret " + PREFIX + "<base64>");
        }
        String[] entries = value.split(";", -1);
        if (entries.length > MAX_SECRETS) {
            throw refused(SUBJECT + " lists " + entries.length + " entries; at most " + MAX_SECRETS + " are allowed");
        }
        List<Secret> secrets = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            Secret secret = entry(entries[i].strip(), i + 1, entries.length);
            for (int j = 0; j < secrets.size(); j++) {
                if (Arrays.equals(secrets.get(j).key, secret.key)) {
                    throw refused(where(i + 1, entries.length) + "the same secret as entry " + (j + 1));
                }
            }
            secrets.add(secret);
        }
        return new WebhookSecrets(secrets);
    }

    /** Every secret, in the order given. */
    public List<Secret> all() {
        return secrets;
    }

    /** The secrets still valid at {@code now}, in the order given; empty when every one has ended. */
    public List<Secret> active(Instant now) {
        Objects.requireNonNull(now, "now");
        return secrets.stream().filter(secret -> secret.isActiveAt(now)).toList();
    }

    @Override
    public String toString() {
        return "WebhookSecrets[" + secrets.size() + " secret(s), redacted]";
    }

    private static Secret entry(String entry, int position, int count) {
        if (entry.isEmpty()) {
            throw refused(where(position, count) + "is empty (check for a stray ';')");
        }
        String secretPart = entry;
        Instant end = null;
        int at = entry.indexOf('@');
        if (at >= 0) {
            secretPart = entry.substring(0, at).strip();
            String endText = entry.substring(at + 1).strip();
            try {
                end = Instant.parse(endText);
            } catch (DateTimeParseException e) {
                // No cause and no text: the parser's message quotes what it was given.
                throw refused(where(position, count)
                        + "the end date after '@' is not an ISO-8601 instant such as 2026-12-31T00:00:00Z");
            }
        }
        if (!secretPart.startsWith(PREFIX)) {
            throw refused(where(position, count) + "a secret must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secretPart.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // No cause: the decoder's message quotes the offending character of the secret.
            throw refused(where(position, count) + "the part after " + PREFIX + " is not valid base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw refused(where(position, count) + "the key must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                    + " bytes once decoded, was " + key.length);
        }
        return new Secret(key, end);
    }

    private static String where(int position, int count) {
        return SUBJECT + " entry " + position + " of " + count + ": ";
    }

    private static IllegalArgumentException refused(String message) {
        return new IllegalArgumentException(message);
    }

    /** One signing secret and the end of its validity. Its key never leaves this package. */
    public static final class Secret {
        private final byte[] key;
        private final Instant validUntil;

        private Secret(byte[] key, Instant validUntil) {
            this.key = key;
            this.validUntil = validUntil;
        }

        /** The instant from which this secret is no longer accepted, or empty when it has no end. */
        public Optional<Instant> validUntil() {
            return Optional.ofNullable(validUntil);
        }

        public boolean isActiveAt(Instant now) {
            return validUntil == null || now.isBefore(validUntil);
        }

        /** A copy of the HMAC key. */
        byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "WebhookSecret[redacted" + (validUntil == null ? "" : ", until " + validUntil) + "]";
        }
    }
}
