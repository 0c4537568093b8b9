package studio.brain.gate.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import studio.brain.config.Secret;
import studio.brain.config.StaffAuthMode;
import studio.brain.gate.Actor;
import studio.brain.gate.ReasonCode;
import studio.brain.observability.EventLog;

/**
 * Turns an HTTP {@code Authorization} header into the actor making the request.
 *
 * <ul>
 *   <li>{@code Bearer <admin token>}: the local administrator, when staff sign in with the local token;</li>
 *   <li>{@code Bearer <Firebase ID token>}: a staff member, when staff sign in with Firebase;</li>
 *   <li>{@code Delegation <delegation token>}: an AI agent, whichever way staff sign in.</li>
 * </ul>
 *
 * The scheme decides which check runs, and a credential is only ever checked as what its scheme says: a delegation
 * token sent as {@code Bearer} is refused, never tried as an agent, so an agent's credential cannot be mistaken for a
 * staff sign-in (and the delegation check itself refuses Firebase tokens). Anything missing, unknown or garbled is
 * {@link ReasonCode#NOT_AUTHENTICATED}. Credentials are never logged or put in a message.
 */
public final class Authenticator {
    public static final String BEARER = "Bearer";
    public static final String DELEGATION = "Delegation";
    /** RFC 7235 token68: what a credential in this header may be made of. */
    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final int MAX_HEADER_LENGTH = 16 * 1024;
    private static final EventLog LOG = EventLog.of("auth");

    private final StaffAuthMode mode;
    private final LocalAdminToken adminToken;
    private final FirebaseIdTokenVerifier firebase;
    private final DelegationService delegations;

    private Authenticator(StaffAuthMode mode, LocalAdminToken adminToken, FirebaseIdTokenVerifier firebase,
                          DelegationService delegations) {
        this.mode = mode;
        this.adminToken = adminToken;
        this.firebase = firebase;
        this.delegations = Objects.requireNonNull(delegations, "delegations");
    }

    /** Staff sign in with the admin token from the data dir; Firebase ID tokens are refused. */
    public static Authenticator localToken(LocalAdminToken adminToken, DelegationService delegations) {
        return new Authenticator(StaffAuthMode.LOCAL_TOKEN, Objects.requireNonNull(adminToken, "adminToken"), null,
                delegations);
    }

    /** Staff sign in with Firebase ID tokens; the admin token, even if a file exists, is refused. */
    public static Authenticator firebase(FirebaseIdTokenVerifier firebase, DelegationService delegations) {
        return new Authenticator(StaffAuthMode.FIREBASE, null, Objects.requireNonNull(firebase, "firebase"),
                delegations);
    }

    public StaffAuthMode mode() {
        return mode;
    }

    public Actor authenticate(String authorizationHeader) {
        Credential credential;
        try {
            credential = Credential.parse(authorizationHeader);
        } catch (AuthenticationException refusal) {
            LOG.info("auth.refused", "reason", refusal.reason().name(), "message", refusal.getMessage());
            throw refusal;
        }
        try {
            return switch (credential.scheme()) {
                case BEARER -> staff(credential.value());
                case DELEGATION -> delegations.resolve(credential.value());
                default -> throw new AuthenticationException(ReasonCode.NOT_AUTHENTICATED,
                        "unknown authorization scheme; use Bearer (staff) or Delegation (agents)");
            };
        } catch (AuthenticationException refusal) {
            // A refused delegation token is logged (and recorded) by the delegation service as delegation.denied.
            if (!credential.scheme().equals(DELEGATION)) {
                LOG.info("auth.refused", "scheme", credential.scheme(), "reason", refusal.reason().name(),
                        "message", refusal.getMessage());
            }
            throw refusal;
        }
    }

    private Actor staff(String token) {
        if (mode == StaffAuthMode.LOCAL_TOKEN) {
            if (adminToken.verify(token)) {
                return adminToken.actor();
            }
            // The file's path is for the operator (it is in the log at start), not for whoever sent the request.
            throw new AuthenticationException(ReasonCode.NOT_AUTHENTICATED,
                    "the credential is not this hub's admin token");
        }
        return firebase.verify(token);
    }

    /** A parsed header: scheme in its canonical spelling and the credential, which prints masked. */
    private record Credential(String scheme, String value) {
        static Credential parse(String header) {
            if (header == null || header.isBlank()) {
                throw garbled("no Authorization header");
            }
            if (header.length() > MAX_HEADER_LENGTH) {
                throw garbled("the Authorization header is too long");
            }
            String trimmed = header.strip();
            int space = trimmed.indexOf(' ');
            if (space <= 0) {
                throw garbled("the Authorization header is not '<scheme> <credential>'");
            }
            String scheme = canonicalScheme(trimmed.substring(0, space));
            String value = trimmed.substring(space + 1).strip();
            if (!TOKEN68.matcher(value).matches()) {
                throw garbled("the credential in the Authorization header is malformed");
            }
            return new Credential(scheme, value);
        }

        /** Schemes are case-insensitive (RFC 9110); an unknown one is kept as "other", not echoed. */
        private static String canonicalScheme(String scheme) {
            return switch (scheme.toLowerCase(Locale.ROOT)) {
                case "bearer" -> BEARER;
                case "delegation" -> DELEGATION;
                default -> "other";
            };
        }

        private static AuthenticationException garbled(String message) {
            return new AuthenticationException(ReasonCode.NOT_AUTHENTICATED, message);
        }

        @Override
        public String toString() {
            return "Credential[scheme=" + scheme + ", value=" + Secret.MASK + "]";
        }
    }
}
