package studio.brain.cloud;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import studio.brain.cloud.CloudReadException.ErrorKind;

/**
 * Turns whatever the Firestore client threw into a {@link CloudReadException}. The kind comes from the gRPC status
 * code found in the cause chain (the client wraps it in FirestoreException, ApiException or StatusRuntimeException,
 * depending on the call) or from the exception's type; message text is never parsed, because it changes between
 * client versions and may quote a server's free text. The message we build names the operation and the code only.
 */
public final class FirestoreErrors {

    private FirestoreErrors() {
    }

    public static CloudReadException map(Throwable thrown, String operation) {
        if (thrown instanceof CloudReadException cloud) {
            return cloud;
        }
        Status.Code code = null;
        ErrorKind byType = null;
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 16; t = t.getCause(), depth++) {
            code = statusCode(t);
            if (code != null) {
                break;
            }
            if (byType == null) {
                byType = kindByType(t);
            }
        }
        if (code != null) {
            ErrorKind kind = kindOf(code);
            return new CloudReadException(kind, operation + " failed: " + kind + " (gRPC " + code + ")", thrown);
        }
        ErrorKind kind = byType != null ? byType : ErrorKind.UNKNOWN;
        return new CloudReadException(kind,
                operation + " failed: " + kind + " (" + thrown.getClass().getSimpleName() + ")", thrown);
    }

    static CloudReadException timeout(String operation, java.time.Duration limit) {
        return new CloudReadException(ErrorKind.TIMEOUT,
                operation + " failed: TIMEOUT (no answer within " + limit.toMillis() + " ms)");
    }

    /** The first gRPC code in the cause chain, or null: how a writer tells "already exists" from a failure. */
    public static Status.Code codeIn(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 16; t = t.getCause(), depth++) {
            Status.Code code = statusCode(t);
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    /** The gRPC code an exception carries, or null. Gax's own code enum has the same names as gRPC's. */
    private static Status.Code statusCode(Throwable t) {
        if (t instanceof FirestoreException fe && fe.getStatus() != null) {
            return fe.getStatus().getCode();
        }
        if (t instanceof StatusRuntimeException sre) {
            return sre.getStatus().getCode();
        }
        if (t instanceof StatusException se) {
            return se.getStatus().getCode();
        }
        if (t instanceof ApiException api && api.getStatusCode() != null
                && api.getStatusCode().getCode() != null) {
            try {
                return Status.Code.valueOf(api.getStatusCode().getCode().name());
            } catch (IllegalArgumentException notAGrpcName) {
                return null;
            }
        }
        return null;
    }

    private static ErrorKind kindByType(Throwable t) {
        if (t instanceof TimeoutException) {
            return ErrorKind.TIMEOUT;
        }
        if (t instanceof IllegalArgumentException) {
            // The client validates paths and filters before sending: that is the caller's request at fault.
            return ErrorKind.BAD_REQUEST;
        }
        if (t instanceof CancellationException) {
            return ErrorKind.UNKNOWN;
        }
        return null;
    }

    static ErrorKind kindOf(Status.Code code) {
        return switch (code) {
            case DEADLINE_EXCEEDED -> ErrorKind.TIMEOUT;
            // Firestore documents these as transient: the caller may retry with backoff.
            case UNAVAILABLE, RESOURCE_EXHAUSTED, ABORTED -> ErrorKind.UNAVAILABLE;
            case UNAUTHENTICATED, PERMISSION_DENIED -> ErrorKind.AUTH;
            case NOT_FOUND -> ErrorKind.NOT_FOUND;
            // FAILED_PRECONDITION is what Firestore answers for a query that needs a composite index.
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED -> ErrorKind.BAD_REQUEST;
            default -> ErrorKind.UNKNOWN;
        };
    }
}
