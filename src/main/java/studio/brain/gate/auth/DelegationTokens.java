package studio.brain.gate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import studio.brain.config.Secret;
import studio.brain.gate.ReasonCode;

/**
 * The delegation token's format: a JWT with header {@code alg: HS256}, {@code typ: studio-brain-delegation+jwt} and
 * {@code kid} (the key's public name), and exactly these claims: {@code iss} ({@value #ISSUER}), {@code sub} (the
 * agent uid), {@code delegation_id}, {@code owner_uid}, {@code tenant_id}, {@code scopes}, {@code iat}, {@code exp}
 * (at most {@link #MAX_LIFETIME} after {@code iat}) and {@code jti}.
 *
 * <p>Checking here covers the token alone (form, key, signature, claims); whether the delegation behind it still
 * stands is {@link DelegationService#resolve}'s part. The explicit {@code typ} keeps any other JWT, a Firebase ID
 * token included, from passing as a delegation token, and a claim that speaks of staff or roles refuses the token:
 * an agent's credential never describes a human principal.
 */
final class DelegationTokens {
    static final String ISSUER = "studio-brain";
    static final JOSEObjectType TYPE = new JOSEObjectType("studio-brain-delegation+jwt");
    static final Duration MAX_LIFETIME = Duration.ofMinutes(15);
    static final String DELEGATION_ID = "delegation_id";
    static final String OWNER_UID = "owner_uid";
    static final String TENANT_ID = "tenant_id";
    static final String SCOPES = "scopes";
    private static final Set<String> CLAIMS =
            Set.of("iss", "sub", DELEGATION_ID, OWNER_UID, TENANT_ID, SCOPES, "iat", "exp", "jti");
    /** Claims by which a token would speak for a human or staff principal. */
    private static final Set<String> PRINCIPAL_CLAIMS =
            Set.of("staff", "admin", "roles", "role", "actor_type", "firebase", "email", "user_id");
    private static final int MAX_TOKEN_LENGTH = 8 * 1024;

    /** What a verified token says. */
    record Claims(UUID delegationId, String agentUid, String ownerUid, String tenantId, Set<String> scopes,
                  Instant issuedAt, Instant expiresAt, String tokenId) {
    }

    private final DelegationSigningKey key;

    DelegationTokens(DelegationSigningKey key) {
        this.key = key;
    }

    DelegationToken sign(Delegation delegation, Instant now, Instant expiresAt) {
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(delegation.agentUid())
                .claim(DELEGATION_ID, delegation.id().toString())
                .claim(OWNER_UID, delegation.ownerUid())
                .claim(TENANT_ID, delegation.tenantId())
                .claim(SCOPES, List.copyOf(delegation.scopes()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(tokenId)
                .build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).keyID(key.keyId()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a delegation token", e);
        }
        // JWT times are whole seconds: report the expiry the token really carries.
        return new DelegationToken(Secret.shortLived(jwt.serialize()), delegation.id(), tokenId,
                Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    /** Whether claims carry a delegation's marks (used to keep such a token from signing in staff). */
    static boolean looksLikeDelegation(JWTClaimsSet claims) {
        return claims.getClaim(DELEGATION_ID) != null || claims.getClaim(OWNER_UID) != null;
    }

    /**
     * The claims of a token this hub signed with its current key, after checking form, key, signature and claims;
     * each check is added to the trace. Expiry against the clock is the caller's check.
     */
    Claims verify(String token, List<String> trace) {
        if (token == null || token.isBlank()) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "no delegation token was presented", trace);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "the credential is too long to be a delegation token", trace);
        }
        SignedJWT jwt;
        try {
            // alg "none" fails here: an unsigned JWT is not a JWS.
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "the credential is not a signed JWT", trace);
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "a delegation token is signed with HS256; this one is not",
                    trace);
        }
        if (!TYPE.equals(header.getType())) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "the token is not a delegation token (typ)", trace);
        }
        if (!key.keyId().equals(header.getKeyID())) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "the token names another signing key than this hub's", trace);
        }
        boolean valid;
        try {
            valid = jwt.verify(key.verifier());
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw refused(ReasonCode.NOT_AUTHENTICATED,
                    "the token's signature does not verify with this hub's delegation key", trace);
        }
        trace.add("signature: valid (HS256, key " + key.keyId() + ")");
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "the token's claims are not a JSON object", trace);
        }
        return readClaims(claims, trace);
    }

    private static Claims readClaims(JWTClaimsSet claims, List<String> trace) {
        for (String name : claims.getClaims().keySet()) {
            if (PRINCIPAL_CLAIMS.contains(name)) {
                throw refused(ReasonCode.FORBIDDEN, "the token claims '" + name + "': an agent token never speaks "
                        + "for staff or a human principal", trace);
            }
        }
        if (!CLAIMS.containsAll(claims.getClaims().keySet()) || !claims.getClaims().keySet().containsAll(CLAIMS)) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "the token's claims are not a delegation token's", trace);
        }
        try {
            if (!ISSUER.equals(claims.getIssuer())) {
                throw refused(ReasonCode.NOT_AUTHENTICATED, "the token was not issued by studio-brain", trace);
            }
            UUID delegationId = UUID.fromString(claims.getStringClaim(DELEGATION_ID));
            String agentUid = nonBlank(claims.getSubject());
            String ownerUid = nonBlank(claims.getStringClaim(OWNER_UID));
            String tenantId = nonBlank(claims.getStringClaim(TENANT_ID));
            List<String> scopes = claims.getStringListClaim(SCOPES);
            if (scopes == null || DelegationScopes.problem(Set.copyOf(scopes)).isPresent()) {
                throw new IllegalArgumentException("scopes");
            }
            Instant issuedAt = claims.getIssueTime().toInstant();
            Instant expiresAt = claims.getExpirationTime().toInstant();
            String tokenId = nonBlank(claims.getJWTID());
            if (expiresAt.isAfter(issuedAt.plus(MAX_LIFETIME))) {
                throw refused(ReasonCode.NOT_AUTHENTICATED, "the token's lifetime exceeds "
                        + MAX_LIFETIME.toMinutes() + " minutes", trace);
            }
            return new Claims(delegationId, agentUid, ownerUid, tenantId, Set.copyOf(scopes), issuedAt, expiresAt,
                    tokenId);
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw refused(ReasonCode.NOT_AUTHENTICATED, "the token's claims are not well formed", trace);
        }
    }

    private static String nonBlank(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("blank");
        }
        return value;
    }

    private static AuthenticationException refused(ReasonCode reason, String message, List<String> trace) {
        trace.add("refused: " + message);
        return new AuthenticationException(reason, message, trace);
    }
}
