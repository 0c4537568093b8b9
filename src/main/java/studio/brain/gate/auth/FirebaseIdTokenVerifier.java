package studio.brain.gate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;

/**
 * Staff sign-in with Firebase Authentication ({@code STUDIO_BRAIN_STAFF_AUTH=firebase}): checks a Firebase ID token
 * the way Firebase documents it, and accepts it only for staff.
 *
 * <ul>
 *   <li>an RS256 signature by a key Firebase publishes (fetched from {@link #GOOGLE_KEYS_URL} or the URL given),
 *       named by the token's {@code kid};</li>
 *   <li>{@code iss} = {@code https://securetoken.google.com/<project>} and {@code aud} = the project id;</li>
 *   <li>{@code exp} in the future, {@code iat} and {@code auth_time} in the past (each with
 *       {@link #CLOCK_SKEW} of slack), {@code sub} a non-empty uid of at most 128 characters;</li>
 *   <li>a custom claim {@code admin: true} (roles admin and staff) or {@code staff: true} (role staff), else
 *       {@link ReasonCode#FORBIDDEN}: a signed-in studio member is not staff;</li>
 *   <li>an optional {@code tenantId} claim equal to the hub's tenant, else {@link ReasonCode#TENANT_MISMATCH}.</li>
 * </ul>
 *
 * Everything else is {@link ReasonCode#NOT_AUTHENTICATED}. A token carrying a delegation's claims is refused as
 * FORBIDDEN: an agent's credential never becomes a staff sign-in, whoever signed it.
 */
public final class FirebaseIdTokenVerifier {
    public static final URI GOOGLE_KEYS_URL =
            URI.create("https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com");
    /** Slack for clocks that disagree a little between Google and this machine. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final String ISSUER_PREFIX = "https://securetoken.google.com/";
    /** Firebase ID tokens are about 1 KB; anything far larger is not one and is not parsed. */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final int MAX_UID_LENGTH = 128;

    private final String projectId;
    private final String issuer;
    private final String tenantId;
    private final Clock clock;
    private final FirebaseSigningKeys keys;

    /**
     * @param projectId the Firebase (Google Cloud) project whose users sign in
     * @param tenantId  the studio this hub serves; a token naming another is refused
     * @param keysUrl   where Firebase's public keys are published as JWKS, normally {@link #GOOGLE_KEYS_URL}
     */
    public FirebaseIdTokenVerifier(String projectId, String tenantId, URI keysUrl, Clock clock) {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("Firebase sign-in needs the project id");
        }
        this.projectId = projectId;
        this.issuer = ISSUER_PREFIX + projectId;
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = new FirebaseSigningKeys(keysUrl, clock);
    }

    /** The staff member the token signs in, or a refusal saying why. */
    public Actor verify(String idToken) {
        SignedJWT jwt = parse(idToken);
        verifySignature(jwt);
        JWTClaimsSet claims = claims(jwt);
        Instant now = clock.instant();
        requireIssuerAndAudience(claims);
        requireTimes(claims, now);
        String uid = subject(claims);
        if (DelegationTokens.looksLikeDelegation(claims)) {
            throw refused(ReasonCode.FORBIDDEN, "the token carries delegation claims: an agent credential never "
                    + "signs in staff");
        }
        Set<String> roles = roles(claims);
        requireTenant(claims);
        return Actor.staff(uid, tenantId, roles);
    }

    private static SignedJWT parse(String idToken) {
        if (idToken == null || idToken.isBlank()) {
            throw notAuthenticated("no Firebase ID token was presented");
        }
        if (idToken.length() > MAX_TOKEN_LENGTH) {
            throw notAuthenticated("the credential is too long to be a Firebase ID token");
        }
        try {
            // alg "none" and encrypted tokens fail here: neither is a signed JWS.
            return SignedJWT.parse(idToken);
        } catch (ParseException e) {
            throw notAuthenticated("the credential is not a signed JWT");
        }
    }

    private void verifySignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw notAuthenticated("a Firebase ID token is signed with RS256; this one is not");
        }
        String keyId = header.getKeyID();
        if (keyId == null || keyId.isBlank()) {
            throw notAuthenticated("the token names no signing key (kid)");
        }
        RSAKey key;
        try {
            key = keys.key(keyId).orElseThrow(() -> notAuthenticated(
                    "the token is signed with a key Firebase does not publish"));
        } catch (FirebaseSigningKeys.UnavailableException e) {
            throw notAuthenticated("the token cannot be checked now: " + e.getMessage());
        }
        boolean valid;
        try {
            valid = jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()));
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw notAuthenticated("the token's signature does not verify with Firebase's key");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw notAuthenticated("the token's claims are not a JSON object");
        }
    }

    private void requireIssuerAndAudience(JWTClaimsSet claims) {
        if (!issuer.equals(claims.getIssuer())) {
            throw notAuthenticated("the token was not issued for Firebase project " + projectId);
        }
        List<String> audience = claims.getAudience();
        if (audience.size() != 1 || !projectId.equals(audience.get(0))) {
            throw notAuthenticated("the token's audience is not Firebase project " + projectId);
        }
    }

    private static void requireTimes(JWTClaimsSet claims, Instant now) {
        Instant expires = instant(claims.getExpirationTime(), "exp");
        if (!now.isBefore(expires.plus(CLOCK_SKEW))) {
            throw notAuthenticated("the token has expired; sign in again");
        }
        Instant issued = instant(claims.getIssueTime(), "iat");
        if (issued.isAfter(now.plus(CLOCK_SKEW))) {
            throw notAuthenticated("the token is not valid yet (issued in the future)");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            throw notAuthenticated("the token is not valid yet (nbf)");
        }
        Object authTime = claims.getClaim("auth_time");
        if (!(authTime instanceof Number seconds)) {
            throw notAuthenticated("the token has no auth_time");
        }
        if (Instant.ofEpochSecond(seconds.longValue()).isAfter(now.plus(CLOCK_SKEW))) {
            throw notAuthenticated("the token's sign-in time (auth_time) is in the future");
        }
    }

    private static Instant instant(Date date, String claim) {
        if (date == null) {
            throw notAuthenticated("the token has no " + claim);
        }
        return date.toInstant();
    }

    private static String subject(JWTClaimsSet claims) {
        String uid = claims.getSubject();
        if (uid == null || uid.isBlank() || uid.length() > MAX_UID_LENGTH) {
            throw notAuthenticated("the token's subject (sub) is not a Firebase uid");
        }
        return uid;
    }

    /** Only the boolean true counts: {@code "true"} or {@code 1} is a claim someone got wrong, not a grant. */
    private static Set<String> roles(JWTClaimsSet claims) {
        if (Boolean.TRUE.equals(claims.getClaim("admin"))) {
            return Set.of("admin", "staff");
        }
        if (Boolean.TRUE.equals(claims.getClaim("staff"))) {
            return Set.of("staff");
        }
        throw refused(ReasonCode.FORBIDDEN, "the signed-in user is not staff (no staff or admin claim)");
    }

    private void requireTenant(JWTClaimsSet claims) {
        Object claimed = claims.getClaim("tenantId");
        if (claimed != null && !tenantId.equals(claimed)) {
            throw refused(ReasonCode.TENANT_MISMATCH, "the token belongs to another studio than " + tenantId);
        }
    }

    private static AuthenticationException notAuthenticated(String message) {
        return refused(ReasonCode.NOT_AUTHENTICATED, message);
    }

    private static AuthenticationException refused(ReasonCode reason, String message) {
        return new AuthenticationException(reason, message);
    }
}
