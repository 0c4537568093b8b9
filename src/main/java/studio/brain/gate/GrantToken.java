package studio.brain.gate;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import studio.brain.hash.CanonicalJson;
import studio.brain.ledger.SigningKey;

/**
 * An execution grant as a token: {@code v1.<base64url canonical JSON>.<base64url Ed25519 signature>} over the
 * proposal, capability, tenant, input hash, idempotency key and expiry. The signature proves the hub minted it;
 * the {@code grants} table makes it single-use.
 */
public record GrantToken(UUID grantId, UUID proposalId, String capabilityId, String tenantId, String inputHash,
                         String idempotencyKey, Instant expiresAt) {

    /**
     * The idempotency key of a proposal's execution: the same for every grant of that proposal, so the receiving
     * side (a Firestore document id, a command's request id) recognises a replay. A dry run may show it.
     */
    public static String idempotencyKeyFor(UUID proposalId, String capabilityId) {
        return studio.brain.hash.ContentHash.of(java.util.Map.of("proposalId", proposalId.toString(),
                "capabilityId", capabilityId));
    }

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    public String sign(SigningKey key) {
        byte[] body = CanonicalJson.bytesOf(toMap());
        return "v1." + ENCODE.encodeToString(body) + "." + ENCODE.encodeToString(key.sign(body));
    }

    /** Parses and checks the signature; expiry and single use are the caller's next checks. */
    public static GrantToken verify(String token, SigningKey.VerifierKey key) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3 || !"v1".equals(parts[0])) {
            throw new GateException(ReasonCode.GRANT_INVALID, "not an execution grant");
        }
        byte[] body;
        byte[] signature;
        try {
            body = DECODE.decode(parts[1]);
            signature = DECODE.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new GateException(ReasonCode.GRANT_INVALID, "the execution grant is garbled");
        }
        if (!key.verify(body, signature)) {
            throw new GateException(ReasonCode.GRANT_INVALID, "the execution grant is not signed by this hub");
        }
        try {
            Map<String, String> m = CanonicalJson.mapper().readValue(new String(body, StandardCharsets.UTF_8),
                    new TypeReference<>() {
                    });
            return new GrantToken(UUID.fromString(m.get("grantId")), UUID.fromString(m.get("proposalId")),
                    m.get("capabilityId"), m.get("tenantId"), m.get("inputHash"), m.get("idempotencyKey"),
                    Instant.parse(m.get("expiresAt")));
        } catch (Exception e) {
            throw new GateException(ReasonCode.GRANT_INVALID, "the execution grant's content is not readable");
        }
    }

    private Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("grantId", grantId.toString());
        map.put("proposalId", proposalId.toString());
        map.put("capabilityId", capabilityId);
        map.put("tenantId", tenantId);
        map.put("inputHash", inputHash);
        map.put("idempotencyKey", idempotencyKey);
        map.put("expiresAt", expiresAt.toString());
        return map;
    }
}
