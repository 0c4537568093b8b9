package studio.brain.gate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import studio.brain.gate.ReasonCode;

/** Assertions on refused credentials. */
final class Refusals {
    private Refusals() {
    }

    /** Refused with this code and a message naming the problem, and no piece of the credential in the message. */
    static AuthenticationException assertRefused(ThrowingCallable call, ReasonCode reason, String messagePart,
                                                 String credential) {
        AuthenticationException[] caught = new AuthenticationException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(messagePart);
            assertThat(e.getCause()).isNull();
            assertNoPieceOf(credential, e.getMessage());
            e.trace().forEach(entry -> assertNoPieceOf(credential, entry));
            caught[0] = e;
        });
        return caught[0];
    }

    /** Neither the credential nor any of its dot-separated parts (header, claims, signature) appears in the text. */
    static void assertNoPieceOf(String credential, String text) {
        if (credential == null || credential.isEmpty()) {
            return;
        }
        assertThat(text).doesNotContain(credential);
        for (String part : credential.split("\\.")) {
            if (part.length() >= 8) {
                assertThat(text).doesNotContain(part);
            }
        }
    }
}
