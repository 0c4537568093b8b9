package studio.brain.gate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import studio.brain.config.Secret;
import studio.brain.hash.ContentHash;
import studio.brain.observability.EventLog;

/**
 * The hub's HMAC-SHA256 key for delegation tokens: 256 random bits, base64url, in
 * {@code <data dir>/delegation-signing.key} with mode 0600, made at first start. Only this hub signs and checks
 * delegation tokens, so a symmetric key is enough; hubs sharing one database must share this file too, or each
 * refuses the others' tokens. Deleting the file (and restarting) invalidates every outstanding token at once.
 */
public final class DelegationSigningKey {
    public static final String FILE_NAME = "delegation-signing.key";
    private static final int KEY_BYTES = 32;
    private static final EventLog LOG = EventLog.of("auth");

    /** Held as a {@link Secret} so that the log masks the value should it ever appear anywhere. */
    @SuppressWarnings("unused")
    private final Secret encoded;
    private final byte[] key;
    private final String keyId;

    private DelegationSigningKey(String encodedKey) {
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(encodedKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the delegation signing key is not base64url");
        }
        if (decoded.length != KEY_BYTES) {
            throw new IllegalStateException("the delegation signing key must be " + KEY_BYTES * 8 + " bits");
        }
        this.encoded = Secret.of(encodedKey);
        this.key = decoded;
        // A public name for the key (not derivable back to it), so that a token names which key it expects.
        this.keyId = ContentHash.sha256Hex(decoded).substring(0, 16);
    }

    public static DelegationSigningKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        PrivateFile.Contents contents;
        try {
            contents = PrivateFile.readOrCreate(file, DelegationSigningKey::freshKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the delegation signing key " + file, e);
        }
        DelegationSigningKey key;
        try {
            key = new DelegationSigningKey(contents.value());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + " (" + file + "); delete the file so that a new key is "
                    + "made at the next start (outstanding delegation tokens then stop working)");
        }
        if (contents.created()) {
            LOG.info("auth.delegation_key_created", "file", file.toString(), "keyId", key.keyId);
        }
        return key;
    }

    /** A key that lives only in memory: a hub with no data dir to keep it in, or a second, foreign key. */
    public static DelegationSigningKey generate() {
        return new DelegationSigningKey(freshKey());
    }

    public String keyId() {
        return keyId;
    }

    JWSSigner signer() {
        try {
            return new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("a 256-bit key is long enough for HS256", e);
        }
    }

    JWSVerifier verifier() {
        try {
            return new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("a 256-bit key is long enough for HS256", e);
        }
    }

    private static String freshKey() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Arrays.fill(bytes, (byte) 0);
        return value;
    }

    @Override
    public String toString() {
        return "DelegationSigningKey[keyId=" + keyId + ", key=" + Secret.MASK + "]";
    }
}
