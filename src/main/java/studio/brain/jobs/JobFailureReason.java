package studio.brain.jobs;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.ExchangeTimedOutException;
import studio.brain.store.DatabaseUnavailableException;

/**
 * The reason code of a failed run, taken from the exception's type and never from its message (messages change
 * between library versions and may carry secrets).
 */
public enum JobFailureReason {
    DB_UNAVAILABLE,
    TIMEOUT,
    UNAVAILABLE,
    BAD_INPUT,
    ERROR;

    public static JobFailureReason of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException || t instanceof DatabaseUnavailableException) {
                return DB_UNAVAILABLE;
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t instanceof ExchangeTimedOutException) {
                return TIMEOUT;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return UNAVAILABLE;
            }
            if (t instanceof IllegalArgumentException) {
                return BAD_INPUT;
            }
        }
        return ERROR;
    }
}
