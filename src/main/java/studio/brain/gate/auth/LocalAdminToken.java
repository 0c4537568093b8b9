package studio.brain.gate.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import studio.brain.config.Secret;
import studio.brain.gate.Actor;
import studio.brain.hash.ContentHash;
import studio.brain.observability.EventLog;

/**
 * Staff sign-in for a hub reached only from its own machine ({@code STUDIO_BRAIN_STAFF_AUTH=local-token}): a random
 * 256-bit token, base64url, written at first start to {@code <data dir>/admin-token} with mode 0600 and read again on
 * later starts. Whoever can read that file is the studio's administrator. The log names the file, never the value.
 */
public final class LocalAdminToken {
    public static final String FILE_NAME = "admin-token";
    public static final String PRINCIPAL_ID = "local-admin";
    public static final Set<String> ROLES = Set.of("admin", "staff");
    private static final int TOKEN_BYTES = 32;
    private static final EventLog LOG = EventLog.of("auth");

    private final Path file;
    private final Secret token;
    /** Compared instead of the token itself, so that the comparison takes the same time whatever the length given. */
    private final byte[] tokenDigest;
    private final String tenantId;

    private LocalAdminToken(Path file, Secret token, String tenantId) {
        this.file = file;
        this.token = token;
        this.tokenDigest = ContentHash.sha256(token.reveal().getBytes(StandardCharsets.US_ASCII));
        this.tenantId = tenantId;
    }

    /** Reads the token from the data dir, creating it at first start. */
    public static LocalAdminToken loadOrCreate(Path dataDir, String tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        Path file = dataDir.resolve(FILE_NAME);
        PrivateFile.Contents contents;
        try {
            contents = PrivateFile.readOrCreate(file, LocalAdminToken::freshToken);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
        if (!wellFormed(contents.value())) {
            throw new IllegalStateException("the admin token file " + file + " does not hold a token this hub wrote "
                    + "(43 or more base64url characters); delete it so that a new one is made at the next start");
        }
        if (contents.created()) {
            LOG.info("auth.admin_token_created", "file", file.toString());
        } else {
            LOG.info("auth.admin_token_loaded", "file", file.toString());
        }
        return new LocalAdminToken(file, Secret.of(contents.value()), tenantId);
    }

    /** True when the presented value is the token; the comparison's time does not depend on where they differ. */
    public boolean verify(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] presentedDigest = ContentHash.sha256(presented.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(presentedDigest, tokenDigest);
    }

    /** The staff principal the token stands for. */
    public Actor actor() {
        return Actor.staff(PRINCIPAL_ID, tenantId, ROLES);
    }

    public Path file() {
        return file;
    }

    /** The token, for the one caller that hands it to the operator (it is also in the file). */
    public Secret token() {
        return token;
    }

    private static String freshToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean wellFormed(String value) {
        if (value.length() < 43) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(value).length >= TOKEN_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LocalAdminToken[file=" + file + ", token=" + Secret.MASK + "]";
    }
}
