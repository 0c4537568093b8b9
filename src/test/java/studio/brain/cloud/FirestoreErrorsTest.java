package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import studio.brain.cloud.CloudReadException.ErrorKind;

class FirestoreErrorsTest {

    @Test
    void kindsComeFromGrpcCodes() {
        assertThat(FirestoreErrors.kindOf(Status.Code.DEADLINE_EXCEEDED)).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(FirestoreErrors.kindOf(Status.Code.UNAVAILABLE)).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(FirestoreErrors.kindOf(Status.Code.RESOURCE_EXHAUSTED)).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(FirestoreErrors.kindOf(Status.Code.PERMISSION_DENIED)).isEqualTo(ErrorKind.AUTH);
        assertThat(FirestoreErrors.kindOf(Status.Code.UNAUTHENTICATED)).isEqualTo(ErrorKind.AUTH);
        assertThat(FirestoreErrors.kindOf(Status.Code.NOT_FOUND)).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(FirestoreErrors.kindOf(Status.Code.FAILED_PRECONDITION)).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(FirestoreErrors.kindOf(Status.Code.INVALID_ARGUMENT)).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(FirestoreErrors.kindOf(Status.Code.DATA_LOSS)).isEqualTo(ErrorKind.UNKNOWN);
    }

    @Test
    void theCodeIsFoundDeepInTheCauseChainAndTheServerTextIsNotRepeated() {
        Throwable wrapped = new ExecutionException(new RuntimeException("outer",
                Status.UNAVAILABLE.withDescription("token=ya29.secret").asRuntimeException()));
        CloudReadException mapped = FirestoreErrors.map(wrapped, "firestore count on 'x'");
        assertThat(mapped.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(mapped.getMessage()).isEqualTo("firestore count on 'x' failed: UNAVAILABLE (gRPC UNAVAILABLE)");
    }

    @Test
    void withoutACodeTheTypeDecides() {
        assertThat(FirestoreErrors.map(new TimeoutException("x"), "op").kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(FirestoreErrors.map(new IllegalArgumentException("secret path"), "op").kind())
                .isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(FirestoreErrors.map(new IllegalStateException("?"), "op").kind()).isEqualTo(ErrorKind.UNKNOWN);
        assertThat(FirestoreErrors.map(new IllegalArgumentException("secret path"), "op").getMessage())
                .doesNotContain("secret");
    }
}
