package studio.brain.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hub's one content hash: SHA-256 over the RFC 8785 canonical JSON of a value, as lower-case hex. Input and
 * output hashes, dedupe keys and ledger hashes all come from here, so equal content always hashes alike.
 */
public final class ContentHash {
    private static final HexFormat HEX = HexFormat.of();

    private ContentHash() {
    }

    public static String of(Object value) {
        return sha256Hex(CanonicalJson.bytesOf(value));
    }

    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256(bytes));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static boolean isHash(String value) {
        return value != null && value.length() == 64 && value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
