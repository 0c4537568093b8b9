package studio.brain.gate.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Firebase ID tokens shaped like the real ones (claims as Firebase Authentication issues them), signed with RS256. */
final class FirebaseTokens {
    static final String PROJECT = "studio-os-prod";

    private FirebaseTokens() {
    }

    static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A staff member's token as Firebase would issue it at {@code now}: signed in two minutes ago, valid an hour. */
    static JWTClaimsSet.Builder staffClaims(String uid, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer("https://securetoken.google.com/" + PROJECT)
                .audience(PROJECT)
                .subject(uid)
                .claim("user_id", uid)
                .claim("auth_time", now.minusSeconds(120).getEpochSecond())
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plusSeconds(3540)))
                .claim("email", uid + "@studio.example")
                .claim("email_verified", true)
                .claim("firebase", Map.of("identities", Map.of("email", List.of(uid + "@studio.example")),
                        "sign_in_provider", "password"))
                .claim("staff", true);
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, key.getKeyID(), claims);
    }

    static String sign(RSAKey key, String keyId, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId)
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
