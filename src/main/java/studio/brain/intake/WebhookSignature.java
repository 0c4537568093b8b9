package studio.brain.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import studio.brain.intake.WebhookRejected.Reason;

/**
 * Checks a webhook delivery signed the Standard Webhooks way, over the raw body before any JSON binding.
 *
 * <p>The sender puts three headers on the request: {@code webhook-id} (the delivery's unique id),
 * {@code webhook-timestamp} (unix seconds) and {@code webhook-signature}, one or more space-separated
 * {@code v1,<base64>} entries. Each {@code <base64>} is the HMAC-SHA256, keyed with the base64-decoded part of a
 * {@code whsec_} secret, of the UTF-8 text {@code <webhook-id>.<webhook-timestamp>.} followed by the raw body bytes.
 * {@link #sign(String, String, long, byte[])} computes one entry.
 *
 * <p>A delivery is accepted when its timestamp is within {@link #TOLERANCE} of now (either way) and any {@code v1}
 * entry matches under any secret active now ({@link WebhookSecrets#active(Instant)}); entries of other versions are
 * ignored. Signatures are compared in constant time with {@link MessageDigest#isEqual}.
 */
public final class WebhookSignature {
    /** How far a timestamp may be from now, in the past or in the future. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String VERSION = "v1";

    private static final String HMAC = "HmacSHA256";
    /** Unix seconds, at most 12 digits (the year 33658), so parsing cannot overflow. */
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");
    /** A header with more entries than this is not a rotation; the rest are not looked at. */
    private static final int MAX_ENTRIES = 16;
    private static final int HMAC_BYTES = 32;

    private final WebhookSecrets secrets;

    public WebhookSignature(WebhookSecrets secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * Accepts the delivery or says why not.
     *
     * @param id the {@code webhook-id} header, or null when absent
     * @param timestamp the {@code webhook-timestamp} header, or null when absent
     * @param signatureHeader the {@code webhook-signature} header, or null when absent
     * @param body the raw request body, exactly as received
     * @param now the current time, from the hub's clock
     * @return the delivery's timestamp
     * @throws WebhookRejected when a header is missing, the timestamp is malformed or out of tolerance, or no
     *         signature matches
     */
    public Instant verify(String id, String timestamp, String signatureHeader, byte[] body, Instant now) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(now, "now");
        List<String> missing = new ArrayList<>();
        if (isBlank(id)) {
            missing.add(ID_HEADER);
        }
        if (isBlank(timestamp)) {
            missing.add(TIMESTAMP_HEADER);
        }
        if (isBlank(signatureHeader)) {
            missing.add(SIGNATURE_HEADER);
        }
        if (!missing.isEmpty()) {
            throw new WebhookRejected(Reason.MISSING_HEADERS, "missing header(s): " + String.join(", ", missing));
        }
        String seconds = timestamp.strip();
        if (!UNIX_SECONDS.matcher(seconds).matches()) {
            throw new WebhookRejected(Reason.BAD_TIMESTAMP, TIMESTAMP_HEADER + " must be whole unix seconds");
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(seconds));
        if (sent.isBefore(now.minus(TOLERANCE))) {
            throw new WebhookRejected(Reason.TOO_OLD,
                    TIMESTAMP_HEADER + " is more than " + TOLERANCE.toMinutes() + " minutes in the past");
        }
        if (sent.isAfter(now.plus(TOLERANCE))) {
            throw new WebhookRejected(Reason.IN_THE_FUTURE,
                    TIMESTAMP_HEADER + " is more than " + TOLERANCE.toMinutes() + " minutes in the future");
        }
        List<byte[]> candidates = v1Signatures(signatureHeader);
        if (candidates.isEmpty()) {
            throw new WebhookRejected(Reason.BAD_SIGNATURE,
                    SIGNATURE_HEADER + " holds no " + VERSION + ",<base64> signature");
        }
        List<WebhookSecrets.Secret> active = secrets.active(now);
        if (active.isEmpty()) {
            throw new WebhookRejected(Reason.BAD_SIGNATURE, "no signing secret is active");
        }
        // The signed content uses the timestamp exactly as the sender wrote it.
        byte[] signed = signedContent(id, seconds, body);
        boolean matched = false;
        for (WebhookSecrets.Secret secret : active) {
            byte[] expected = hmac(secret.key(), signed);
            for (byte[] candidate : candidates) {
                // Every pair is compared, without stopping at a match.
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            throw new WebhookRejected(Reason.BAD_SIGNATURE, "no " + VERSION + " signature matches the body");
        }
        return sent;
    }

    /**
     * One {@code webhook-signature} entry, {@code v1,<base64>}, for a sender holding {@code secret}
     * ({@code whsec_<base64>}, without an end date).
     *
     * @throws IllegalArgumentException when the secret is malformed (the message does not contain it)
     */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        WebhookSecrets parsed = WebhookSecrets.parse(secret);
        if (parsed.all().size() != 1) {
            throw new IllegalArgumentException("sign takes exactly one secret");
        }
        return sign(parsed.all().get(0), id, timestamp, body);
    }

    /** One {@code webhook-signature} entry, {@code v1,<base64>}, under one of the hub's secrets. */
    public static String sign(WebhookSecrets.Secret secret, String id, long timestamp, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be unix seconds, not negative");
        }
        byte[] mac = hmac(secret.key(), signedContent(id, Long.toString(timestamp), body));
        return VERSION + "," + Base64.getEncoder().encodeToString(mac);
    }

    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        String[] entries = header.strip().split("\\s+");
        for (int i = 0; i < entries.length && i < MAX_ENTRIES; i++) {
            String entry = entries[i];
            int comma = entry.indexOf(',');
            if (comma < 0 || !VERSION.equals(entry.substring(0, comma))) {
                continue; // another version, or not a signature at all
            }
            try {
                byte[] decoded = Base64.getDecoder().decode(entry.substring(comma + 1));
                if (decoded.length == HMAC_BYTES) {
                    signatures.add(decoded);
                }
            } catch (IllegalArgumentException e) {
                // not base64: cannot match
            }
        }
        return signatures;
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
